using System.Net;

namespace Modular.Tests.Simulators;

/// <summary>The consent page every vendor simulator shares: its choices, Deny, the requests it refuses, what it echoes.</summary>
public sealed class ConsentPageTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    public sealed record Vendor(string Path, string ClientId, string Scope, string Title, string[] Identities, (string, string)[] Extra);

    private static Vendor Of(string vendor) => vendor switch
    {
        "hubspot" => new("hubspot/app/oauth/authorize", "demo-hubspot-client", "oauth crm.objects.contacts.read",
            "Allow Modular to access your HubSpot account?", ["Acme (portal 1001)", "Globex (portal 1002)"], []),
        "slack" => new("slack/oauth/v2/authorize", "demo-slack-client", "chat:write,channels:read",
            "Allow Modular to access your Slack workspace?", ["Acme (T01ACME)", "Globex (T02GLOBEX)"], []),
        "google" => new("google/accounts/o/oauth2/v2/auth", "demo-google-client", "https://www.googleapis.com/auth/spreadsheets",
            "Allow Modular to access your Google Account?", ["ada@acme.example", "grace@globex.example"], [("response_type", "code"), ("access_type", "offline")]),
        _ => throw new ArgumentOutOfRangeException(nameof(vendor)),
    };

    private static string AuthorizeUrl(Vendor vendor, string? clientId = null, string? redirectUri = OAuthFlow.Callback, string? state = "the-state", string? challenge = null, string? method = "S256") =>
        OAuthFlow.Url(vendor.Path,
        [
            ("client_id", clientId ?? vendor.ClientId), ("redirect_uri", redirectUri), ("scope", vendor.Scope), ("state", state),
            ("code_challenge", challenge ?? Pkce.New().Challenge), ("code_challenge_method", method),
            .. vendor.Extra.Select(e => (e.Item1, (string?)e.Item2)),
        ]);

    [Theory]
    [InlineData("hubspot")]
    [InlineData("slack")]
    [InlineData("google")]
    public async Task The_page_asks_to_allow_the_app_and_offers_two_labelled_identities_and_Allow_and_Deny(string name)
    {
        var vendor = Of(name);
        using var page = await Http.GetAsync(AuthorizeUrl(vendor), Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);

        html.ShouldContain($"<title>{vendor.Title}</title>");
        var form = ConsentForm.Parse(html);
        form.Action.ShouldBe("/" + vendor.Path);
        form.IdentityByLabel.Keys.ShouldBe(vendor.Identities);
        form.DecisionByButton.Keys.ShouldBe(["Allow", "Deny"]);
        form.Hidden.ShouldContain(KeyValuePair.Create("state", "the-state"));
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldStartWith("default-src 'none';");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldContain("form-action 'self' https://app.modular.test");
    }

    [Theory]
    [InlineData("hubspot")]
    [InlineData("slack")]
    [InlineData("google")]
    public async Task Deny_sends_the_user_back_with_access_denied_and_the_state(string name)
    {
        var query = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(Http, AuthorizeUrl(Of(name)), "Deny"));

        query["error"].ShouldBe("access_denied");
        query["state"].ShouldBe("the-state");
        query.ShouldNotContainKey("code");
    }

    [Theory]
    [InlineData("hubspot")]
    [InlineData("slack")]
    [InlineData("google")]
    public async Task An_unknown_client_or_a_redirect_uri_that_is_missing_or_not_absolute_gets_an_error_page_and_no_redirect(string name)
    {
        var vendor = Of(name);
        foreach (var url in new[]
        {
            AuthorizeUrl(vendor, clientId: "no-such-client"),
            AuthorizeUrl(vendor, redirectUri: null),
            AuthorizeUrl(vendor, redirectUri: "/oauth/callback"),
            AuthorizeUrl(vendor, redirectUri: "javascript:alert(1)"),
        })
        {
            using var response = await Http.GetAsync(url, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            response.Headers.Location.ShouldBeNull();
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            (await response.Content.ReadAsStringAsync(Cancel)).ShouldNotContain("<form");
        }
    }

    [Theory]
    [InlineData("hubspot")]
    [InlineData("slack")]
    [InlineData("google")]
    public async Task The_page_encodes_a_hostile_state_and_redirect_uri_and_carries_them_back_intact(string name)
    {
        const string state = "\"><script>alert('state')</script>";
        const string redirect = "https://app.modular.test/oauth/callback?next=\"><img src=x onerror=alert(1)>";
        var vendor = Of(name);
        using var page = await Http.GetAsync(AuthorizeUrl(vendor, redirectUri: redirect, state: state), Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<img");
        html.ShouldNotContain("onerror=alert(1)>");
        html.ShouldContain("&lt;script&gt;");
        var form = ConsentForm.Parse(html);
        form.Hidden.ShouldContain(KeyValuePair.Create("state", state));
        form.Hidden.ShouldContain(KeyValuePair.Create("redirect_uri", redirect));

        using var back = await Http.PostAsync(form.Action, new FormUrlEncodedContent(
            [.. form.Hidden, new("identity", form.IdentityByLabel.Values.First()), new("decision", "allow")]), Cancel);
        back.StatusCode.ShouldBe(HttpStatusCode.Found);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back.Headers.Location!.Query);
        query["state"].ToString().ShouldBe(state);
        query["next"].ToString().ShouldBe("\"><img src=x onerror=alert(1)>");
        query["code"].ToString().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("hubspot")]
    [InlineData("slack")]
    [InlineData("google")]
    public async Task A_PKCE_challenge_other_than_S256_goes_back_to_the_app_as_invalid_request(string name)
    {
        using var response = await Http.GetAsync(AuthorizeUrl(Of(name), challenge: "plain-challenge", method: "plain"), Cancel);

        var query = OAuthFlow.CallbackQuery(response);
        query["error"].ShouldBe("invalid_request");
        query["state"].ShouldBe("the-state");
    }

    [Fact]
    public async Task A_form_posted_without_a_known_identity_is_refused_without_a_code()
    {
        var form = await OAuthFlow.ConsentPageAsync(Http, AuthorizeUrl(Of("hubspot")));

        using var response = await Http.PostAsync(form.Action, new FormUrlEncodedContent(
            [.. form.Hidden, new("identity", "9999"), new("decision", "allow")]), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }
}
