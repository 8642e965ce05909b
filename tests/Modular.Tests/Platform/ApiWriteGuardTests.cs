using System.Net;
using System.Net.Http.Json;
using System.Text;
using Modular.Tests.Runs;

namespace Modular.Tests.Platform;

/// <summary>What a page of another site can make a browser send without asking: forms and text/plain.</summary>
public sealed class ApiWriteGuardTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static HttpContent Form() => new FormUrlEncodedContent([KeyValuePair.Create("name", "Hijacked")]);
    private static HttpContent Text() => new StringContent("{\"name\": \"Hijacked\"}", Encoding.UTF8, "text/plain");
    private static HttpContent EmptyForm() => new FormUrlEncodedContent([]);

    public static TheoryData<string, string, string> Writes => new()
    {
        { "POST", "/api/actions/{action}/runs", "form" },
        { "POST", "/api/actions/{action}/runs", "text" },
        { "POST", "/api/runs/{run}/stop", "form" },
        { "POST", "/api/runs/{run}/stop", "text" },
        { "POST", "/api/runs/{run}/stop", "empty form" },
        { "PUT", "/api/actions/{action}/name", "empty form" },
        { "PUT", "/api/actions/{action}/name", "text" },
        { "PUT", "/api/actions/{action}/state", "form" },
        { "PUT", "/api/actions/{action}/webhook", "form" },
        { "POST", "/api/agents", "form" },
        { "POST", "/api/workspaces", "text" },
        { "DELETE", "/api/actions/{action}", "form" },
        { "PATCH", "/api/actions/{action}", "text" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_with_a_body_that_is_not_json_is_415_and_changes_nothing(string method, string route, string body)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("while (true) {}");
        var run = await runs.StartRunAsync(action);
        await runs.WaitForStatusAsync(run, "running");

        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{action}", action.ToString()).Replace("{run}", run.ToString()))
        {
            Content = body switch { "form" => Form(), "empty form" => EmptyForm(), _ => Text() },
        };
        var response = await runs.Http.SendAsync(request, Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        (await runs.GetAsync(run)).GetProperty("status").GetString().ShouldBe("running");
        (await runs.Http.GetFromJsonAsync<RunList>($"/api/actions/{action}/runs", Cancel))!.Total.ShouldBe(1);
        (await runs.Actions.GetJsonAsync(action)).GetProperty("name").GetString().ShouldNotBe("Hijacked");
        (await runs.Http.PostAsync($"/api/runs/{run}/stop", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_write_without_a_body_or_with_json_passes()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log(JSON.stringify(input));");

        (await runs.StartAsync(action)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var json = new StringContent("{\"a\": 1}", Encoding.UTF8, "application/json");
        json.Headers.ContentType!.CharSet = "utf-8";
        (await runs.Http.PostAsync($"/api/actions/{action}/runs", json, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("POST", "/api/actions/{action}/runs")]
    [InlineData("PUT", "/api/actions/{action}/name")]
    [InlineData("DELETE", "/api/actions/{action}")]
    public async Task A_cross_site_write_is_403(string method, string route)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('ran');");

        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{action}", action.ToString()))
        {
            Content = JsonContent.Create(new { name = "Hijacked", version = 3 }),
        };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        var response = await runs.Http.SendAsync(request, Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await runs.Http.GetFromJsonAsync<RunList>($"/api/actions/{action}/runs", Cancel))!.Total.ShouldBe(0);
        (await runs.Actions.GetJsonAsync(action)).GetProperty("name").GetString().ShouldNotBe("Hijacked");
    }

    [Theory]
    [InlineData("same-origin")]
    [InlineData("none")]
    public async Task A_same_origin_write_passes(string site)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('ran');");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/actions/{action}/runs");
        request.Headers.Add("Sec-Fetch-Site", site);
        (await runs.Http.SendAsync(request, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_cross_site_read_is_not_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/library/types");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        (await platform.Client.SendAsync(request, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_public_webhook_still_takes_forms_from_other_systems()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log(input.name);");
        var webhook = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true }, Cancel)).ReadJsonAsync();
        var url = new Uri(webhook.GetProperty("url").GetString()!).PathAndQuery;

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Form() };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        (await platform.Client.SendAsync(request, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    private sealed record RunList(long Total);
}
