using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Testing;
using Npgsql;

namespace Modular.Tests.Identity;

public sealed class ApiKeyTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Owner, string Workspace)> WorkspaceAsync()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        return (owner, owner.DefaultRequestHeaders.GetValues("X-Workspace").Single());
    }

    private static async Task<(string Key, Guid Id)> CreateKeyAsync(HttpClient session, string role, DateTimeOffset? expiresAt = null)
    {
        var created = await (await session.PostAsJsonAsync("/api/api-keys", new { name = "key " + role, role, expiresAt }, Cancel)).ReadJsonAsync();
        return (created.GetProperty("key").GetString()!, created.GetProperty("apiKey").GetProperty("id").GetGuid());
    }

    private HttpClient WithKey(string key) => TestIdentity.WithApiKey(platform.Host.Address, key);

    [Fact]
    public async Task A_key_works_in_its_workspace_with_its_role_is_shown_once_and_stored_only_as_a_hash()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var (key, id) = await CreateKeyAsync(owner, "editor");

        using var client = WithKey(key);
        (await client.PostAsJsonAsync("/api/agents", new { name = "Made with a key" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync("/api/invitations", new { email = "x@tests.example", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await client.GetAsync("/api/me", Cancel)).ReadJsonAsync();
        me.GetProperty("workspaces").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(workspace);
        me.GetProperty("workspaces")[0].GetProperty("role").GetString().ShouldBe("editor");

        var listed = await (await owner.GetAsync("/api/api-keys", Cancel)).ReadJsonAsync();
        var text = listed.GetRawText();
        text.ShouldNotContain(key);
        listed.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id).GetProperty("lastUsedAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.String);

        // A database dump does not hold the key.
        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var dump = new NpgsqlCommand("select count(*) from identity.mt_doc_apikey where data::text like '%' || $1 || '%'", connection) { Parameters = { new() { Value = key } } };
        ((long)(await dump.ExecuteScalarAsync(Cancel))!).ShouldBe(0);
    }

    [Fact]
    public async Task A_key_works_only_in_its_own_workspace()
    {
        var (owner, _) = await WorkspaceAsync();
        var (key, _) = await CreateKeyAsync(owner, "owner");
        var (_, other) = await WorkspaceAsync();

        using var client = WithKey(key);
        client.DefaultRequestHeaders.Add("X-Workspace", other);
        await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/members", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var (owner, _) = await WorkspaceAsync();
        var (key, id) = await CreateKeyAsync(owner, "viewer");
        using var client = WithKey(key);
        (await client.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.DeleteAsync($"/api/api-keys/{id}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var refused = await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        refused.GetProperty("detail").GetString().ShouldBe("The API key was revoked.");
        await (await owner.DeleteAsync($"/api/api-keys/{id}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_expired_key_is_refused()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var key = ApiKey.NewKey();
        var store = platform.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            var me = await (await owner.GetAsync("/api/me", Cancel)).ReadJsonAsync();
            session.Store(new ApiKey(Guid.CreateVersion7(), ApiKey.HashOf(key), ApiKey.PrefixOf(key), "expired", workspace, me.GetProperty("id").GetGuid(),
                TestIdentity.OwnerEmail, WorkspaceRole.Owner, DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddSeconds(-1), null));
            await session.SaveChangesAsync(Cancel);
        }

        using var client = WithKey(key);
        var refused = await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        refused.GetProperty("detail").GetString().ShouldBe("The API key has expired.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("mk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("tests-owner-api-key-0123456789abcdeX")]
    public async Task Malformed_and_foreign_keys_are_401_problems(string key)
    {
        using var client = new HttpClient { BaseAddress = platform.Host.Address };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + key);

        var response = await client.GetAsync("/api/actions", Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
    }

    [Fact]
    public async Task A_very_long_or_odd_authorization_header_is_a_401_not_a_500()
    {
        using var client = new HttpClient { BaseAddress = platform.Host.Address };
        foreach (var value in new[] { "Bearer " + new string('k', 5000), "Basic dXNlcjpwYXNz", "Bearer ../../etc/passwd", "Bearer" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/actions");
            request.Headers.TryAddWithoutValidation("Authorization", value);
            await (await client.SendAsync(request, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_key_role_is_no_higher_than_its_creator_and_a_key_cannot_make_keys()
    {
        var (_, workspace) = await WorkspaceAsync();
        var (editor, _, _) = await platform.Host.NewMemberAsync(workspace, "editor");

        await (await editor.PostAsJsonAsync("/api/api-keys", new { name = "too high", role = "admin" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var (key, _) = await CreateKeyAsync(editor, "editor");
        using var client = WithKey(key);
        await (await client.PostAsJsonAsync("/api/api-keys", new { name = "from a key", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_removed_member_keys_stop_working_and_a_lowered_role_lowers_the_key()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var (editor, _, editorId) = await platform.Host.NewMemberAsync(workspace, "editor");
        var (key, _) = await CreateKeyAsync(editor, "editor");
        using var client = WithKey(key);
        (await client.PostAsJsonAsync("/api/agents", new { name = "Before" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await owner.PutAsJsonAsync($"/api/members/{editorId}/role", new { role = "viewer" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync("/api/agents", new { name = "After" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        (await owner.DeleteAsync($"/api/members/{editorId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Invalid_key_requests_are_422()
    {
        var (owner, _) = await WorkspaceAsync();

        var problem = await (await owner.PostAsJsonAsync("/api/api-keys", new { name = "", role = "root", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("name", out _).ShouldBeTrue();
        errors.TryGetProperty("role", out _).ShouldBeTrue();
        errors.TryGetProperty("expiresAt", out _).ShouldBeTrue();
    }
}
