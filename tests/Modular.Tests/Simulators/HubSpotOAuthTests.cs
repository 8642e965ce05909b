using System.Net;
using System.Text.Json;

namespace Modular.Tests.Simulators;

/// <summary>The HubSpot simulator's OAuth, over HTTP: app.hubspot.com's consent page and api.hubapi.com's v1 endpoints.</summary>
public sealed class HubSpotOAuthTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string ClientId = "demo-hubspot-client";
    private const string ClientSecret = "demo-hubspot-secret";
    private const string TokenPath = "hubspot/api/oauth/v1/token";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private async Task<(string Code, Pkce Pkce)> AuthorizeAsync(string portal = "Acme (portal 1001)")
    {
        var pkce = Pkce.New();
        var state = Guid.NewGuid().ToString("N");
        var url = OAuthFlow.Url("hubspot/app/oauth/authorize",
            ("client_id", ClientId), ("redirect_uri", OAuthFlow.Callback), ("scope", "oauth crm.objects.contacts.read"),
            ("state", state), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var query = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(Http, url, "Allow", portal));
        query["state"].ShouldBe(state);
        return (query["code"], pkce);
    }

    private Task<HttpResponseMessage> ExchangeAsync(string code, string? verifier, string secret = ClientSecret) =>
        Http.PostFormAsync(TokenPath, ("grant_type", "authorization_code"), ("client_id", ClientId), ("client_secret", secret),
            ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", verifier));

    private async Task<JsonElement> TokensAsync(string portal = "Acme (portal 1001)")
    {
        var (code, pkce) = await AuthorizeAsync(portal);
        return await (await ExchangeAsync(code, pkce.Verifier)).JsonAsync(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Http.PostFormAsync(TokenPath, ("grant_type", "refresh_token"), ("client_id", ClientId), ("client_secret", ClientSecret), ("refresh_token", refreshToken));

    private Task<HttpResponseMessage> WhoAmIAsync(string accessToken) =>
        Http.GetAsync($"hubspot/api/oauth/v1/access-tokens/{Uri.EscapeDataString(accessToken)}", Cancel);

    private static async Task ShouldBeTokenErrorAsync(HttpResponseMessage response, string status, string error)
    {
        var body = await response.JsonAsync(HttpStatusCode.BadRequest);
        body.Text("status").ShouldBe(status);
        body.Text("error").ShouldBe(error);
        body.Text("message").ShouldNotBeNullOrWhiteSpace();
        body.Text("error_description").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_code_and_PKCE_exchange_gives_tokens_for_the_chosen_portal_and_the_token_info_names_it()
    {
        var tokens = await TokensAsync("Globex (portal 1002)");

        tokens.Text("token_type").ShouldBe("bearer");
        tokens.Text("token_use").ShouldBe("access_token");
        tokens.GetProperty("expires_in").GetInt32().ShouldBe(1800);
        tokens.GetProperty("hub_id").GetInt64().ShouldBe(1002);
        tokens.GetProperty("user_id").GetInt64().ShouldBe(2002);
        tokens.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["oauth", "crm.objects.contacts.read"]);
        tokens.Text("refresh_token").ShouldNotBeNullOrWhiteSpace();

        var info = await (await WhoAmIAsync(tokens.Text("access_token"))).JsonAsync(HttpStatusCode.OK);
        info.Text("token").ShouldBe(tokens.Text("access_token"));
        info.Text("user").ShouldBe("grace@globex.example");
        info.Text("hub_domain").ShouldBe("globex.example");
        info.GetProperty("hub_id").GetInt64().ShouldBe(1002);
        info.GetProperty("user_id").GetInt64().ShouldBe(2002);
        info.GetProperty("app_id").GetInt64().ShouldBePositive();
        info.GetProperty("expires_in").GetInt32().ShouldBeInRange(1790, 1800);
        info.Text("token_type").ShouldBe("access");
        info.GetProperty("scopes").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task A_refresh_gives_a_new_access_token_and_keeps_the_same_refresh_token()
    {
        var tokens = await TokensAsync();

        var refreshed = await (await RefreshAsync(tokens.Text("refresh_token"))).JsonAsync(HttpStatusCode.OK);

        refreshed.Text("refresh_token").ShouldBe(tokens.Text("refresh_token"));
        refreshed.Text("access_token").ShouldNotBe(tokens.Text("access_token"));
        refreshed.GetProperty("hub_id").GetInt64().ShouldBe(1001);
        (await WhoAmIAsync(refreshed.Text("access_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RefreshAsync(tokens.Text("refresh_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_deleted_refresh_token_is_refused_on_refresh_while_issued_access_tokens_live_out_their_time()
    {
        var tokens = await TokensAsync();
        var refreshToken = tokens.Text("refresh_token");
        (await Http.GetAsync($"hubspot/api/oauth/v1/refresh-tokens/{refreshToken}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Http.DeleteAsync($"hubspot/api/oauth/v1/refresh-tokens/{refreshToken}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await ShouldBeTokenErrorAsync(await RefreshAsync(refreshToken), "BAD_REFRESH_TOKEN", "invalid_grant");
        (await Http.DeleteAsync($"hubspot/api/oauth/v1/refresh-tokens/{refreshToken}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // HubSpot's SDK: "Access tokens generated with the refresh token will not be affected."
        (await WhoAmIAsync(tokens.Text("access_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_code_works_once_and_its_second_use_revokes_what_the_first_gave()
    {
        var (code, pkce) = await AuthorizeAsync();
        var tokens = await (await ExchangeAsync(code, pkce.Verifier)).JsonAsync(HttpStatusCode.OK);

        await ShouldBeTokenErrorAsync(await ExchangeAsync(code, pkce.Verifier), "BAD_AUTH_CODE", "invalid_grant");

        (await WhoAmIAsync(tokens.Text("access_token"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ShouldBeTokenErrorAsync(await RefreshAsync(tokens.Text("refresh_token")), "BAD_REFRESH_TOKEN", "invalid_grant");
    }

    [Fact]
    public async Task A_code_verifier_that_does_not_hash_to_the_challenge_is_refused()
    {
        var (code, _) = await AuthorizeAsync();
        await ShouldBeTokenErrorAsync(await ExchangeAsync(code, Pkce.New().Verifier), "BAD_CODE_VERIFIER", "invalid_grant");

        var (another, _) = await AuthorizeAsync();
        await ShouldBeTokenErrorAsync(await ExchangeAsync(another, verifier: null), "BAD_CODE_VERIFIER", "invalid_grant");
    }

    [Fact]
    public async Task A_code_asked_for_without_PKCE_is_exchanged_without_a_verifier_and_refused_with_one()
    {
        async Task<string> CodeWithoutPkceAsync()
        {
            var url = OAuthFlow.Url("hubspot/app/oauth/authorize", ("client_id", ClientId), ("redirect_uri", OAuthFlow.Callback), ("scope", "oauth"));
            return OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(Http, url, "Allow"))["code"];
        }

        (await ExchangeAsync(await CodeWithoutPkceAsync(), verifier: null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeTokenErrorAsync(await ExchangeAsync(await CodeWithoutPkceAsync(), Pkce.New().Verifier), "BAD_CODE_VERIFIER", "invalid_grant");
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_before_the_code_is_looked_at()
    {
        var (code, pkce) = await AuthorizeAsync();

        await ShouldBeTokenErrorAsync(await ExchangeAsync(code, pkce.Verifier, secret: "not-the-secret"), "BAD_CLIENT_SECRET", "invalid_client");

        (await ExchangeAsync(code, pkce.Verifier)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_redirect_uri_other_than_the_codes_is_refused()
    {
        var (code, pkce) = await AuthorizeAsync();

        var response = await Http.PostFormAsync(TokenPath, ("grant_type", "authorization_code"), ("client_id", ClientId), ("client_secret", ClientSecret),
            ("redirect_uri", "https://elsewhere.test/cb"), ("code", code), ("code_verifier", pkce.Verifier));

        await ShouldBeTokenErrorAsync(response, "BAD_REDIRECT_URI", "invalid_grant");
    }

    [Fact]
    public async Task The_private_app_token_is_accepted_as_the_first_portal_and_an_unknown_token_is_not_found()
    {
        var info = await (await WhoAmIAsync("demo-hubspot-token")).JsonAsync(HttpStatusCode.OK);
        info.GetProperty("hub_id").GetInt64().ShouldBe(1001);
        info.Text("user").ShouldBe("ada@acme.example");

        var unknown = await (await WhoAmIAsync("no-such-token")).JsonAsync(HttpStatusCode.NotFound);
        unknown.Text("status").ShouldBe("error");
        unknown.Text("message").ShouldNotBeNullOrWhiteSpace();
    }
}
