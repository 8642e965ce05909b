using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Modular.Tests.Platform;

public sealed class WorkspaceTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_seeded_owner_owns_the_first_workspace_and_the_api_key_sees_only_it()
    {
        var workspaces = await (await platform.Client.GetAsync("/api/workspaces", Cancel)).ReadJsonAsync();

        var only = workspaces.EnumerateArray().ShouldHaveSingleItem();
        only.GetProperty("id").GetString().ShouldBe("main");
        only.GetProperty("role").GetString().ShouldBe("owner");
    }

    [Fact]
    public async Task An_api_key_cannot_create_a_workspace()
    {
        var response = await platform.Client.PostAsJsonAsync("/api/workspaces", new { id = "by-key-" + Guid.NewGuid().ToString("N")[..8], name = "By key" }, Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Creates_a_workspace_and_refuses_its_id_twice()
    {
        var id = "acme-" + Guid.NewGuid().ToString("N")[..8];

        var created = await platform.Owner.PostAsJsonAsync("/api/workspaces", new { id, name = "Acme" }, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"/api/workspaces/{id}");

        var again = await platform.Owner.PostAsJsonAsync("/api/workspaces", new { id, name = "Other" }, Cancel);
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain(id);

        var workspaces = await (await platform.Owner.GetAsync("/api/workspaces", Cancel)).ReadJsonAsync();
        var listed = workspaces.EnumerateArray().Single(w => w.GetProperty("id").GetString() == id);
        listed.GetProperty("name").GetString().ShouldBe("Acme");
        listed.GetProperty("role").GetString().ShouldBe("owner");
    }

    [Fact]
    public async Task Invalid_fields_are_a_422_with_every_field_error()
    {
        var response = await platform.Owner.PostAsJsonAsync("/api/workspaces", new { id = "Not Valid!", name = "" }, Cancel);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("id", out _).ShouldBeTrue();
        errors.TryGetProperty("name", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_that_says_what_was_wrong()
    {
        using var body = new StringContent("{\"id\": ", Encoding.UTF8, "application/json");
        var response = await platform.Owner.PostAsync("/api/workspaces", body, Cancel);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Unknown_workspace_header_is_a_404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/library/templates");
        request.Headers.Add("X-Workspace", "no-such-workspace");

        var response = await platform.Client.SendAsync(request, Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_workspace_header_is_a_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/library/templates");
        request.Headers.Add("X-Workspace", "DROP TABLE;");

        var response = await platform.Client.SendAsync(request, Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
