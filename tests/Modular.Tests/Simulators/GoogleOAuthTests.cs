using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Modular.Tests.Simulators;

/// <summary>The Google simulator's OAuth, over HTTP: accounts.google.com's consent page and oauth2.googleapis.com.</summary>
public sealed class GoogleOAuthTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string ClientId = "demo-google-client";
    private const string ClientSecret = "demo-google-secret";
    private const string TokenPath = "google/oauth2/token";
    private const string Scope = "https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/userinfo.email";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private static string AuthorizeUrl(Pkce pkce, string? accessType = "offline", string? responseType = "code") =>
        OAuthFlow.Url("google/accounts/o/oauth2/v2/auth",
            ("client_id", ClientId), ("redirect_uri", OAuthFlow.Callback), ("response_type", responseType), ("scope", Scope),
            ("state", "google-state"), ("access_type", accessType), ("prompt", "consent"),
            ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));

    private async Task<(string Code, Pkce Pkce)> AuthorizeAsync(string account = "ada@acme.example", string? accessType = "offline")
    {
        var pkce = Pkce.New();
        var query = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(Http, AuthorizeUrl(pkce, accessType), "Allow", account));
        query["state"].ShouldBe("google-state");
        return (query["code"], pkce);
    }

    private Task<HttpResponseMessage> ExchangeAsync(string code, string? verifier, string secret = ClientSecret) =>
        Http.PostFormAsync(TokenPath, ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OAuthFlow.Callback),
            ("client_id", ClientId), ("client_secret", secret), ("code_verifier", verifier));

    private async Task<JsonElement> TokensAsync(string account = "ada@acme.example", string? accessType = "offline")
    {
        var (code, pkce) = await AuthorizeAsync(account, accessType);
        return await (await ExchangeAsync(code, pkce.Verifier)).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A refresh with the client's credentials in HTTP Basic, as Google's clients may send them.</summary>
    private async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "refresh_token"), new("refresh_token", refreshToken)]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", OAuthFlow.Basic(ClientId, ClientSecret));
        return await Http.SendAsync(request, Cancel);
    }

    private Task<HttpResponseMessage> TokenInfoAsync(string accessToken) =>
        Http.GetAsync($"google/oauth2/tokeninfo?access_token={Uri.EscapeDataString(accessToken)}", Cancel);

    private static async Task ShouldBeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var body = await response.JsonAsync(status);
        body.Text("error").ShouldBe(error);
        body.Text("error_description").ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task The_code_and_PKCE_exchange_with_offline_access_gives_a_refresh_token_and_tokeninfo_names_the_account()
    {
        var tokens = await TokensAsync("grace@globex.example");

        tokens.Text("token_type").ShouldBe("Bearer");
        tokens.Text("scope").ShouldBe(Scope);
        tokens.GetProperty("expires_in").GetInt32().ShouldBe(3599);
        tokens.Text("refresh_token").ShouldNotBeNullOrWhiteSpace();
        tokens.TryGetProperty("id_token", out _).ShouldBeFalse();

        var info = await (await TokenInfoAsync(tokens.Text("access_token"))).JsonAsync(HttpStatusCode.OK);
        info.Text("azp").ShouldBe(ClientId);
        info.Text("aud").ShouldBe(ClientId);
        info.Text("email").ShouldBe("grace@globex.example");
        info.Text("email_verified").ShouldBe("true");
        info.Text("sub").ShouldNotBeNullOrWhiteSpace();
        info.Text("scope").ShouldBe(Scope);
        int.Parse(info.Text("expires_in")).ShouldBeInRange(3590, 3599);
        long.Parse(info.Text("exp")).ShouldBeGreaterThan(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Online_access_gives_no_refresh_token()
    {
        var tokens = await TokensAsync(accessType: null);

        tokens.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        (await TokenInfoAsync(tokens.Text("access_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_gives_a_new_access_token_and_no_refresh_token()
    {
        var tokens = await TokensAsync();

        var refreshed = await (await RefreshAsync(tokens.Text("refresh_token"))).JsonAsync(HttpStatusCode.OK);

        refreshed.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        refreshed.Text("access_token").ShouldNotBe(tokens.Text("access_token"));
        refreshed.Text("token_type").ShouldBe("Bearer");
        (await TokenInfoAsync(refreshed.Text("access_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RefreshAsync(tokens.Text("refresh_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_the_refresh_token_ends_the_grant_and_a_refresh_is_refused()
    {
        var tokens = await TokensAsync();

        (await Http.PostAsync($"google/oauth2/revoke?token={Uri.EscapeDataString(tokens.Text("refresh_token"))}", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeErrorAsync(await RefreshAsync(tokens.Text("refresh_token")), HttpStatusCode.BadRequest, "invalid_grant");
        await ShouldBeErrorAsync(await TokenInfoAsync(tokens.Text("access_token")), HttpStatusCode.BadRequest, "invalid_token");
        await ShouldBeErrorAsync(await Http.PostFormAsync("google/oauth2/revoke", ("token", tokens.Text("refresh_token"))), HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task Revoking_the_access_token_in_the_form_ends_the_refresh_token_too()
    {
        var tokens = await TokensAsync();

        (await Http.PostFormAsync("google/oauth2/revoke", ("token", tokens.Text("access_token")))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeErrorAsync(await RefreshAsync(tokens.Text("refresh_token")), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var (code, pkce) = await AuthorizeAsync();
        (await ExchangeAsync(code, pkce.Verifier)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeErrorAsync(await ExchangeAsync(code, pkce.Verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_code_verifier_that_does_not_hash_to_the_challenge_is_refused()
    {
        var (code, _) = await AuthorizeAsync();

        await ShouldBeErrorAsync(await ExchangeAsync(code, Pkce.New().Verifier), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused()
    {
        var (code, pkce) = await AuthorizeAsync();

        await ShouldBeErrorAsync(await ExchangeAsync(code, pkce.Verifier, secret: "not-the-secret"), HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task An_authorize_request_without_response_type_code_goes_back_to_the_app_with_an_error()
    {
        using var response = await Http.GetAsync(AuthorizeUrl(Pkce.New(), responseType: null), Cancel);

        var query = OAuthFlow.CallbackQuery(response);
        query["error"].ShouldBe("unsupported_response_type");
        query["state"].ShouldBe("google-state");
    }

    [Fact]
    public async Task The_static_token_is_accepted_as_the_first_account_and_others_are_not()
    {
        var info = await (await TokenInfoAsync("demo-google-token")).JsonAsync(HttpStatusCode.OK);
        info.Text("email").ShouldBe("ada@acme.example");

        await ShouldBeErrorAsync(await TokenInfoAsync("ya29.no-such-token"), HttpStatusCode.BadRequest, "invalid_token");
    }
}
