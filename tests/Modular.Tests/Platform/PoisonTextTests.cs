using System.Net;
using System.Text;

namespace Modular.Tests.Platform;

/// <summary>Text PostgreSQL cannot store (U+0000, lone surrogates) is refused at the JSON boundary with 422, and nothing is stored.</summary>
public sealed class PoisonTextTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "POST", "/api/actions", "{\"templateId\": \"rest.send-to-webhook\", \"name\": \"a\\u0000b\", \"intent\": \"x\"}" },
        { "POST", "/api/actions", "{\"templateId\": \"rest.send-to-webhook\", \"name\": \"ok\", \"intent\": \"\\ud800\"}" },
        { "POST", "/api/agents", "{\"name\": \"agent \\udc00\"}" },
        { "POST", "/api/workspaces", "{\"id\": \"ws-poison\", \"name\": \"\\u0000\"}" },
        { "POST", "/api/actions", "{\"templateId\": \"rest.send-to-webhook\", \"name\": \"ok\", \"intent\": \"x\", \"fields\": [\"fine\", {\"k\\u0000\": 1}]}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_body_with_text_that_cannot_be_stored_is_refused_with_its_pointer(string method, string path, string body)
    {
        var client = await platform.NewWorkspaceClientAsync();
        var before = await (await client.GetAsync("/api/actions", Cancel)).Content.ReadAsStringAsync(Cancel);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") }, Cancel);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
        (await (await client.GetAsync("/api/actions", Cancel)).Content.ReadAsStringAsync(Cancel)).ShouldBe(before);
    }

    [Fact]
    public async Task The_pointer_names_the_offending_value()
    {
        var client = await platform.NewWorkspaceClientAsync();

        var response = await client.PostAsync("/api/agents", new StringContent("{\"name\": \"ok\", \"tags\": [\"a\", \"b\\u0000\"]}", Encoding.UTF8, "application/json"), Cancel);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("/tags/1", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_query_with_such_text_is_refused_too()
    {
        var client = await platform.NewWorkspaceClientAsync();

        var response = await client.GetAsync("/api/actions?q=%00", Cancel);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("?q", out _).ShouldBeTrue();
    }
}
