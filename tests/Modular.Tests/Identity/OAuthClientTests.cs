using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Modular.Testing;
using Npgsql;

namespace Modular.Tests.Identity;

/// <summary>OAuth 2.0 service clients: the client credentials grant at /connect/token, tokens checked on every /api request.</summary>
public sealed class OAuthClientTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Owner, string Workspace, string ClientId, string Secret, Guid Id)> ClientAsync(string role = "editor")
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var created = await (await owner.PostAsJsonAsync("/api/oauth-clients", new { name = "sync", role }, Cancel)).ReadJsonAsync();
        return (owner, owner.DefaultRequestHeaders.GetValues("X-Workspace").Single(), created.GetProperty("client").GetProperty("clientId").GetString()!,
            created.GetProperty("clientSecret").GetString()!, created.GetProperty("client").GetProperty("id").GetGuid());
    }

    private async Task<HttpResponseMessage> TokenAsync(string clientId, string secret, string grant = "client_credentials")
    {
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        return await stranger.PostAsync("/connect/token", new FormUrlEncodedContent([new("grant_type", grant), new("client_id", clientId), new("client_secret", secret)]), Cancel);
    }

    private HttpClient WithToken(string token) => TestIdentity.WithApiKey(platform.Host.Address, token);

    private static async Task<string> AccessTokenOf(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange(3500, 3600); // an hour, counted from when it was issued
        return body.GetProperty("access_token").GetString()!;
    }

    [Fact]
    public async Task A_client_gets_a_token_that_works_in_its_workspace_with_its_role()
    {
        var (_, workspace, clientId, secret, _) = await ClientAsync("editor");

        using var client = WithToken(await AccessTokenOf(await TokenAsync(clientId, secret)));

        (await client.PostAsJsonAsync("/api/agents", new { name = "Synced" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await client.PostAsJsonAsync("/api/invitations", new { email = "x@tests.example", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await client.GetAsync("/api/me", Cancel)).ReadJsonAsync();
        me.GetProperty("workspaces").EnumerateArray().Single().GetProperty("id").GetString().ShouldBe(workspace);
        client.DefaultRequestHeaders.Add("X-Workspace", "main");
        await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Http_basic_client_authentication_works_too()
    {
        var (_, _, clientId, secret, _) = await ClientAsync("viewer");
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));

        using var client = WithToken(await AccessTokenOf(await stranger.SendAsync(request, Cancel)));

        (await client.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_secret_an_unknown_client_and_other_grants_are_refused()
    {
        var (_, _, clientId, _, _) = await ClientAsync();

        foreach (var response in new[] { await TokenAsync(clientId, "wrong"), await TokenAsync("mc_unknown", "wrong"), await TokenAsync(clientId, "wrong", "password") })
        {
            ((int)response.StatusCode).ShouldBeInRange(400, 401);
            JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(Cancel)).GetProperty("error").GetString().ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task A_deleted_client_tokens_stop_working_at_once()
    {
        var (owner, _, clientId, secret, id) = await ClientAsync();
        using var client = WithToken(await AccessTokenOf(await TokenAsync(clientId, secret)));
        (await client.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.DeleteAsync($"/api/oauth-clients/{id}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var refused = await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        refused.GetProperty("detail").GetString()!.ShouldContain("deleted");
        ((int)(await TokenAsync(clientId, secret)).StatusCode).ShouldBeInRange(400, 401);
    }

    [Fact]
    public async Task Only_admins_make_clients_up_to_their_role_and_the_secret_is_not_stored()
    {
        var (owner, workspace, _, secret, _) = await ClientAsync();
        var (editor, _, _) = await platform.Host.NewMemberAsync(workspace, "editor");
        await (await editor.PostAsJsonAsync("/api/oauth-clients", new { name = "mine", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.PostAsJsonAsync("/api/oauth-clients", new { name = "", role = "god" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await (await owner.GetAsync("/api/oauth-clients", Cancel)).ReadJsonAsync()).GetRawText().ShouldNotContain(secret);

        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var dump = new NpgsqlCommand("select count(*) from identity.mt_doc_oauthclient where data::text like '%' || $1 || '%'", connection) { Parameters = { new() { Value = secret } } };
        ((long)(await dump.ExecuteScalarAsync(Cancel))!).ShouldBe(0);
    }

    [Fact]
    public async Task A_token_makes_no_credentials_or_workspaces_even_with_the_owner_role()
    {
        var (owner, _, clientId, secret, id) = await ClientAsync("owner");
        using var client = WithToken(await AccessTokenOf(await TokenAsync(clientId, secret)));

        await (await client.PostAsJsonAsync("/api/api-keys", new { name = "minted", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/oauth-clients", new { name = "minted", role = "viewer" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"/api/oauth-clients/{id}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsJsonAsync("/api/workspaces", new { id = "minted-" + Guid.NewGuid().ToString("N")[..8], name = "Minted" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await (await owner.GetAsync("/api/oauth-clients", Cancel)).ReadJsonAsync()).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_forged_or_tampered_token_is_a_401()
    {
        var (_, _, clientId, secret, _) = await ClientAsync();
        var token = await AccessTokenOf(await TokenAsync(clientId, secret));
        var tampered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        using var client = WithToken(tampered);
        await (await client.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
