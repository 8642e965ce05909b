using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Modular.Tests.Simulators;

/// <summary>
/// The Slack simulator's OAuth v2 install, over HTTP: every answer of its Web API is HTTP 200, with ok true or false.
/// </summary>
public sealed class SlackOAuthTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string ClientId = "demo-slack-client";
    private const string ClientSecret = "demo-slack-secret";
    private const string AccessPath = "slack/api/oauth.v2.access";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private async Task<(string Code, Pkce Pkce)> AuthorizeAsync(string workspace = "Acme (T01ACME)")
    {
        var pkce = Pkce.New();
        var url = OAuthFlow.Url("slack/oauth/v2/authorize",
            ("client_id", ClientId), ("redirect_uri", OAuthFlow.Callback), ("scope", "chat:write,channels:read"),
            ("state", "slack-state"), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var query = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(Http, url, "Allow", workspace));
        query["state"].ShouldBe("slack-state");
        return (query["code"], pkce);
    }

    /// <summary>Slack's code exchange: no grant_type.</summary>
    private Task<HttpResponseMessage> ExchangeAsync(string code, string? verifier, string secret = ClientSecret) =>
        Http.PostFormAsync(AccessPath, ("code", code), ("client_id", ClientId), ("client_secret", secret),
            ("redirect_uri", OAuthFlow.Callback), ("code_verifier", verifier));

    private async Task<JsonElement> InstallAsync(string workspace = "Acme (T01ACME)")
    {
        var (code, pkce) = await AuthorizeAsync(workspace);
        return await OkAsync(await ExchangeAsync(code, pkce.Verifier));
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Http.PostFormAsync(AccessPath, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", ClientId), ("client_secret", ClientSecret));

    private async Task<HttpResponseMessage> AuthTestAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "slack/api/auth.test");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request, Cancel);
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var body = await response.JsonAsync(HttpStatusCode.OK);
        body.GetProperty("ok").GetBoolean().ShouldBeTrue(body.ToString());
        return body;
    }

    private static async Task ShouldFailAsync(HttpResponseMessage response, string error)
    {
        var body = await response.JsonAsync(HttpStatusCode.OK);
        body.GetProperty("ok").GetBoolean().ShouldBeFalse();
        body.Text("error").ShouldBe(error);
    }

    [Fact]
    public async Task The_code_and_PKCE_exchange_installs_the_bot_in_the_chosen_workspace_and_auth_test_names_it()
    {
        var install = await InstallAsync("Globex (T02GLOBEX)");

        install.Text("access_token").ShouldStartWith("xoxb-");
        install.Text("token_type").ShouldBe("bot");
        install.Text("scope").ShouldBe("chat:write,channels:read");
        install.GetProperty("team").Text("id").ShouldBe("T02GLOBEX");
        install.GetProperty("team").Text("name").ShouldBe("Globex");
        install.GetProperty("authed_user").Text("id").ShouldBe("U02GRACE");
        install.Text("app_id").ShouldNotBeNullOrWhiteSpace();
        install.Text("refresh_token").ShouldNotBeNullOrWhiteSpace();
        install.GetProperty("expires_in").GetInt32().ShouldBe(43200);

        var me = await OkAsync(await AuthTestAsync(install.Text("access_token")));
        me.Text("team_id").ShouldBe("T02GLOBEX");
        me.Text("team").ShouldBe("Globex");
        me.Text("url").ShouldBe("https://globex.slack.com/");
        me.Text("user_id").ShouldBe(install.Text("bot_user_id"));
        me.Text("bot_id").ShouldNotBeNullOrWhiteSpace();
        me.Text("user").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_refresh_rotates_the_refresh_token_and_the_old_one_stops_working()
    {
        var install = await InstallAsync();

        var refreshed = await OkAsync(await RefreshAsync(install.Text("refresh_token")));

        refreshed.Text("refresh_token").ShouldNotBe(install.Text("refresh_token"));
        refreshed.Text("access_token").ShouldNotBe(install.Text("access_token"));
        refreshed.GetProperty("team").Text("id").ShouldBe("T01ACME");
        await OkAsync(await AuthTestAsync(refreshed.Text("access_token")));
        await ShouldFailAsync(await RefreshAsync(install.Text("refresh_token")), "invalid_refresh_token");
        await OkAsync(await RefreshAsync(refreshed.Text("refresh_token")));
    }

    [Fact]
    public async Task The_client_may_authenticate_with_HTTP_Basic()
    {
        var (code, pkce) = await AuthorizeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, AccessPath)
        {
            Content = new FormUrlEncodedContent([new("code", code), new("redirect_uri", OAuthFlow.Callback), new("code_verifier", pkce.Verifier)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", OAuthFlow.Basic(ClientId, ClientSecret));

        (await OkAsync(await Http.SendAsync(request, Cancel))).Text("access_token").ShouldStartWith("xoxb-");
    }

    [Fact]
    public async Task A_revoked_token_fails_auth_test_and_its_refresh_token_is_refused()
    {
        var install = await InstallAsync();
        using var revoke = new HttpRequestMessage(HttpMethod.Post, "slack/api/auth.revoke");
        revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", install.Text("access_token"));

        (await OkAsync(await Http.SendAsync(revoke, Cancel))).GetProperty("revoked").GetBoolean().ShouldBeTrue();

        await ShouldFailAsync(await AuthTestAsync(install.Text("access_token")), "token_revoked");
        await ShouldFailAsync(await RefreshAsync(install.Text("refresh_token")), "invalid_refresh_token");
    }

    [Fact]
    public async Task A_token_in_the_form_is_revoked_too()
    {
        var install = await InstallAsync();

        (await OkAsync(await Http.PostFormAsync("slack/api/auth.revoke", ("token", install.Text("access_token"))))).GetProperty("revoked").GetBoolean().ShouldBeTrue();

        await ShouldFailAsync(await AuthTestAsync(install.Text("access_token")), "token_revoked");
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var (code, pkce) = await AuthorizeAsync();
        await OkAsync(await ExchangeAsync(code, pkce.Verifier));

        await ShouldFailAsync(await ExchangeAsync(code, pkce.Verifier), "invalid_code");
    }

    [Fact]
    public async Task A_code_verifier_that_does_not_hash_to_the_challenge_is_refused()
    {
        var (code, _) = await AuthorizeAsync();

        await ShouldFailAsync(await ExchangeAsync(code, Pkce.New().Verifier), "invalid_code");
    }

    [Fact]
    public async Task A_wrong_client_secret_or_client_id_is_refused()
    {
        var (code, pkce) = await AuthorizeAsync();

        await ShouldFailAsync(await ExchangeAsync(code, pkce.Verifier, secret: "not-the-secret"), "bad_client_secret");
        await ShouldFailAsync(await Http.PostFormAsync(AccessPath, ("code", code), ("client_id", "someone-else"), ("client_secret", ClientSecret)), "invalid_client_id");
    }

    [Fact]
    public async Task A_redirect_uri_other_than_the_codes_is_refused()
    {
        var (code, pkce) = await AuthorizeAsync();

        var response = await Http.PostFormAsync(AccessPath, ("code", code), ("client_id", ClientId), ("client_secret", ClientSecret),
            ("redirect_uri", "https://elsewhere.test/cb"), ("code_verifier", pkce.Verifier));

        await ShouldFailAsync(response, "bad_redirect_uri");
    }

    [Fact]
    public async Task The_static_bot_token_is_accepted_as_the_first_workspace_and_others_are_not()
    {
        var me = await OkAsync(await AuthTestAsync("xoxb-demo-token"));
        me.Text("team_id").ShouldBe("T01ACME");
        me.Text("team").ShouldBe("Acme");

        await ShouldFailAsync(await AuthTestAsync("xoxb-no-such-token"), "invalid_auth");
        await ShouldFailAsync(await AuthTestAsync(null), "not_authed");
        await OkAsync(await Http.GetAsync("slack/api/auth.test?token=xoxb-demo-token", Cancel));
    }
}
