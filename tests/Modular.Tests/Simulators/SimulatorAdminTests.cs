using System.Net;
using System.Net.Http.Headers;
using Modular.Testing;

namespace Modular.Tests.Simulators;

/// <summary>
/// What tests do to the simulators by hand (<c>/_simulator</c>, not a vendor API), and their configuration. Each test
/// has simulators of its own, since revoking everything would pull the rug from under the others.
/// </summary>
public sealed class SimulatorAdminTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<string> HubSpotCodeAsync(HttpClient http, Pkce pkce, string portal, string clientId = "demo-hubspot-client")
    {
        var url = OAuthFlow.Url("hubspot/app/oauth/authorize", ("client_id", clientId), ("redirect_uri", OAuthFlow.Callback),
            ("scope", "oauth"), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        return OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(http, url, "Allow", portal))["code"];
    }

    private static async Task<(string Access, string Refresh)> HubSpotTokensAsync(HttpClient http, string portal)
    {
        var pkce = Pkce.New();
        var code = await HubSpotCodeAsync(http, pkce, portal);
        var tokens = await (await http.PostFormAsync("hubspot/api/oauth/v1/token", ("grant_type", "authorization_code"), ("client_id", "demo-hubspot-client"),
            ("client_secret", "demo-hubspot-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);
        return (tokens.Text("access_token"), tokens.Text("refresh_token"));
    }

    private static Task<HttpResponseMessage> HubSpotRefreshAsync(HttpClient http, string refresh) =>
        http.PostFormAsync("hubspot/api/oauth/v1/token", ("grant_type", "refresh_token"), ("client_id", "demo-hubspot-client"),
            ("client_secret", "demo-hubspot-secret"), ("refresh_token", refresh));

    private static async Task<(string Access, string Refresh)> GoogleTokensAsync(HttpClient http)
    {
        var pkce = Pkce.New();
        var url = OAuthFlow.Url("google/accounts/o/oauth2/v2/auth", ("client_id", "demo-google-client"), ("redirect_uri", OAuthFlow.Callback),
            ("response_type", "code"), ("scope", "openid email"), ("access_type", "offline"), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var code = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(http, url, "Allow"))["code"];
        var tokens = await (await http.PostFormAsync("google/oauth2/token", ("grant_type", "authorization_code"), ("client_id", "demo-google-client"),
            ("client_secret", "demo-google-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);
        return (tokens.Text("access_token"), tokens.Text("refresh_token"));
    }

    private static async Task<HttpResponseMessage> SlackAuthTestAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "slack/api/auth.test");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Cancel);
    }

    [Fact]
    public async Task Revoke_all_ends_every_grant_of_the_vendor_and_leaves_its_static_token_and_other_vendors_alone()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);
        var acme = await HubSpotTokensAsync(http, "Acme (portal 1001)");
        var globex = await HubSpotTokensAsync(http, "Globex (portal 1002)");
        var pending = Pkce.New();
        var pendingCode = await HubSpotCodeAsync(http, pending, "Acme (portal 1001)");
        var google = await GoogleTokensAsync(http);

        var onePortal = await (await http.PostAsync("_simulator/hubspot/revoke-all?account=1002", null, Cancel)).JsonAsync(HttpStatusCode.OK);
        var answer = await (await http.PostAsync("_simulator/hubspot/revoke-all", null, Cancel)).JsonAsync(HttpStatusCode.OK);

        onePortal.GetProperty("revokedGrants").GetInt32().ShouldBe(1);
        answer.GetProperty("revokedGrants").GetInt32().ShouldBe(1);
        foreach (var (access, refresh) in new[] { acme, globex })
        {
            (await http.GetAsync($"hubspot/api/oauth/v1/access-tokens/{access}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await HubSpotRefreshAsync(http, refresh)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        (await http.PostFormAsync("hubspot/api/oauth/v1/token", ("grant_type", "authorization_code"), ("client_id", "demo-hubspot-client"),
            ("client_secret", "demo-hubspot-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", pendingCode), ("code_verifier", pending.Verifier)))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync("hubspot/api/oauth/v1/access-tokens/demo-hubspot-token", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync($"google/oauth2/tokeninfo?access_token={google.Access}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A user may install the app again afterwards.
        await HubSpotTokensAsync(http, "Acme (portal 1001)");
    }

    [Fact]
    public async Task Expire_access_tokens_expires_them_now_and_their_refresh_tokens_keep_working()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);
        var hubspot = await HubSpotTokensAsync(http, "Acme (portal 1001)");
        var google = await GoogleTokensAsync(http);

        (await (await http.PostAsync("_simulator/google/expire-access-tokens", null, Cancel)).JsonAsync(HttpStatusCode.OK))
            .GetProperty("expiredAccessTokens").GetInt32().ShouldBe(1);

        (await http.GetAsync($"google/oauth2/tokeninfo?access_token={google.Access}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync($"hubspot/api/oauth/v1/access-tokens/{hubspot.Access}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync("google/oauth2/tokeninfo?access_token=demo-google-token", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refreshed = await (await http.PostFormAsync("google/oauth2/token", ("grant_type", "refresh_token"), ("client_id", "demo-google-client"),
            ("client_secret", "demo-google-secret"), ("refresh_token", google.Refresh))).JsonAsync(HttpStatusCode.OK);
        (await http.GetAsync($"google/oauth2/tokeninfo?access_token={refreshed.Text("access_token")}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Slack_tokens_expire_as_token_expired_and_refresh_into_working_ones()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);
        var pkce = Pkce.New();
        var url = OAuthFlow.Url("slack/oauth/v2/authorize", ("client_id", "demo-slack-client"), ("redirect_uri", OAuthFlow.Callback),
            ("scope", "chat:write"), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var code = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(http, url, "Allow"))["code"];
        var install = await (await http.PostFormAsync("slack/api/oauth.v2.access", ("code", code), ("client_id", "demo-slack-client"),
            ("client_secret", "demo-slack-secret"), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);

        await http.PostAsync("_simulator/slack/expire-access-tokens", null, Cancel);

        (await (await SlackAuthTestAsync(http, install.Text("access_token"))).JsonAsync(HttpStatusCode.OK)).Text("error").ShouldBe("token_expired");
        var refreshed = await (await http.PostFormAsync("slack/api/oauth.v2.access", ("grant_type", "refresh_token"), ("refresh_token", install.Text("refresh_token")),
            ("client_id", "demo-slack-client"), ("client_secret", "demo-slack-secret"))).JsonAsync(HttpStatusCode.OK);
        (await (await SlackAuthTestAsync(http, refreshed.Text("access_token"))).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_configured_access_token_lifetime_is_what_tokens_get_and_then_they_expire_by_themselves()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:AccessTokenLifetimeSeconds"] = "1" });
        using var http = OAuthFlow.Client(host);
        var pkce = Pkce.New();
        var code = await HubSpotCodeAsync(http, pkce, "Acme (portal 1001)");
        var tokens = await (await http.PostFormAsync("hubspot/api/oauth/v1/token", ("grant_type", "authorization_code"), ("client_id", "demo-hubspot-client"),
            ("client_secret", "demo-hubspot-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);
        tokens.GetProperty("expires_in").GetInt32().ShouldBe(1);

        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancel);

        (await http.GetAsync($"hubspot/api/oauth/v1/access-tokens/{tokens.Text("access_token")}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await HubSpotRefreshAsync(http, tokens.Text("refresh_token"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_configured_client_replaces_the_demo_one()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:Clients:hubspot:ClientId"] = "configured-client",
            ["Simulators:Clients:hubspot:ClientSecret"] = "configured-secret",
        });
        using var http = OAuthFlow.Client(host);
        var pkce = Pkce.New();

        var code = await HubSpotCodeAsync(http, pkce, "Acme (portal 1001)", clientId: "configured-client");

        (await http.PostFormAsync("hubspot/api/oauth/v1/token", ("grant_type", "authorization_code"), ("client_id", "configured-client"),
            ("client_secret", "configured-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", pkce.Verifier)))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(OAuthFlow.Url("hubspot/app/oauth/authorize", ("client_id", "demo-hubspot-client"), ("redirect_uri", OAuthFlow.Callback), ("scope", "oauth")), Cancel))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Health_answers_and_an_unknown_vendor_is_not_found()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);

        (await (await http.GetAsync("health", Cancel)).JsonAsync(HttpStatusCode.OK)).Text("status").ShouldBe("Healthy");
        (await http.PostAsync("_simulator/salesforce/revoke-all", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void A_lifetime_that_is_not_a_positive_number_stops_the_app_at_start() =>
        Should.Throw<InvalidOperationException>(() => Modular.Simulators.SimulatorApp.Build([], new Dictionary<string, string?> { ["Simulators:AccessTokenLifetimeSeconds"] = "soon" }));
}
