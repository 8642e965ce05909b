using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Modular.Accounts.Contracts;
using Modular.Tests.Simulators;
using Wolverine;

namespace Modular.Tests.Accounts;

/// <summary>
/// HubSpot accounts connected through the consent pop-up against the local HubSpot: the platform's
/// start, the user's consent at the provider, the provider's redirect to the platform's callback.
/// </summary>
public sealed partial class OAuthAccountTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Starts connecting, consents at the simulator as <paramref name="portal"/> (or presses Deny) and follows the redirect back: the callback page.</summary>
    private async Task<(HttpResponseMessage Page, string Html)> ConnectAsync(HttpClient session, string portal = "Acme (portal 1001)", string button = "Allow", string? accountId = null)
    {
        var started = await (await session.PostAsJsonAsync("/api/accounts/oauth/hubspot/start", new { accountId }, Cancel)).ReadJsonAsync();
        var authorizeUrl = started.GetProperty("authorizeUrl").GetString()!;
        authorizeUrl.ShouldStartWith(platform.Host.Simulators.Address + "hubspot/app/oauth/authorize");
        using var browser = OAuthFlow.Client(platform.Host.Simulators);
        var redirect = await OAuthFlow.ConsentAsync(browser, authorizeUrl, button, portal);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        var callback = redirect.Headers.Location!;
        callback.GetLeftPart(UriPartial.Path).ShouldBe(platform.Host.Address + "api/accounts/oauth/callback");
        var page = await session.GetAsync(callback, Cancel);
        return (page, await page.Content.ReadAsStringAsync(Cancel));
    }

    private static string AccountIdOf(string html) => AccountIdInPage().Match(html).Groups[1].Value;

    [GeneratedRegex("\"accountId\":\"([0-9a-f]{32})\"")]
    private static partial Regex AccountIdInPage();

    [Fact]
    public async Task A_HubSpot_account_connects_through_the_consent_page_and_the_page_tells_the_console()
    {
        var session = await platform.NewWorkspaceClientAsync();

        var (page, html) = await ConnectAsync(session);

        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        page.Headers.TryGetValues("Content-Security-Policy", out var policy).ShouldBeTrue();
        policy!.Single().ShouldContain("script-src 'nonce-");
        html.ShouldContain("postMessage");
        html.ShouldContain(JsonOrigin());
        var accountId = AccountIdOf(html);
        var account = await (await session.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync();
        account.GetProperty("connectorId").GetString().ShouldBe("hubspot");
        account.GetProperty("method").GetString().ShouldBe("OAuth2");
        account.GetProperty("externalName").GetString()!.ShouldContain("1001");
        account.GetProperty("demo").GetBoolean().ShouldBeTrue();
        account.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).ShouldBe(["access_token", "expires_at", "refresh_token"]);
    }

    /// <summary>
    /// What a run gets from the Accounts module when it starts (HubSpot has no templates yet, so no action
    /// of its own to run): the simulator's tokens live 30 s, inside the refresh margin, so each open refreshes.
    /// </summary>
    private async Task<OpenedAccount> OpenAsync(HttpClient session, string accountId)
    {
        var bus = platform.Host.Services.GetRequiredService<IMessageBus>();
        return await bus.InvokeForTenantAsync<OpenedAccount>(session.DefaultRequestHeaders.GetValues("X-Workspace").Single(), new OpenAccount(accountId), Cancel);
    }

    private async Task<HttpStatusCode> PortalAnswersAsync(string accessToken)
    {
        using var http = new HttpClient { BaseAddress = platform.Host.Simulators.Address };
        return (await http.GetAsync($"hubspot/api/oauth/v1/access-tokens/{accessToken}", Cancel)).StatusCode;
    }

    [Fact]
    public async Task An_access_token_about_to_expire_is_refreshed_for_the_run_and_stored_sealed()
    {
        var session = await platform.NewWorkspaceClientAsync();
        var accountId = AccountIdOf((await ConnectAsync(session)).Html);

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => OpenAsync(session, accountId)));

        opened.ShouldAllBe(o => o.Problem == null);
        foreach (var account in opened) (await PortalAnswersAsync(account.Account!["access_token"]!)).ShouldBe(HttpStatusCode.OK);
        (await (await session.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("connected");
    }

    [Fact]
    public async Task Connecting_the_same_portal_again_keeps_the_account_and_another_portal_is_a_second_account()
    {
        var session = await platform.NewWorkspaceClientAsync();
        var first = AccountIdOf((await ConnectAsync(session, "Acme (portal 1001)")).Html);
        var again = AccountIdOf((await ConnectAsync(session, "Acme (portal 1001)")).Html);
        var other = AccountIdOf((await ConnectAsync(session, "Globex (portal 1002)")).Html);

        again.ShouldBe(first);
        other.ShouldNotBe(first);
        (await (await session.GetAsync("/api/accounts?connector=hubspot", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(2);
    }

    [Fact]
    public async Task Reconnecting_with_another_portal_is_refused_and_changes_nothing()
    {
        var session = await platform.NewWorkspaceClientAsync();
        var accountId = AccountIdOf((await ConnectAsync(session, "Acme (portal 1001)")).Html);

        var (page, html) = await ConnectAsync(session, "Globex (portal 1002)", accountId: accountId);

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Sign in as that one to reconnect it");
        (await (await session.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync()).GetProperty("externalName").GetString()!.ShouldContain("1001");
    }

    [Fact]
    public async Task A_denied_consent_connects_nothing()
    {
        var session = await platform.NewWorkspaceClientAsync();

        var (page, html) = await ConnectAsync(session, button: "Deny");

        page.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("access was not allowed");
        (await (await session.GetAsync("/api/accounts", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task A_state_that_is_replayed_missing_forged_or_from_another_browser_is_refused()
    {
        var session = await platform.NewWorkspaceClientAsync();
        var started = await (await session.PostAsJsonAsync("/api/accounts/oauth/hubspot/start", new { }, Cancel)).ReadJsonAsync();
        using var browser = OAuthFlow.Client(platform.Host.Simulators);
        var callback = (await OAuthFlow.ConsentAsync(browser, started.GetProperty("authorizeUrl").GetString()!, "Allow")).Headers.Location!;
        var query = QueryHelpers.ParseQuery(callback.Query);

        // Another browser (no cookie of the start) is refused, and that uses the state up.
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        var elsewhere = await stranger.GetAsync(callback, Cancel);
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await elsewhere.Content.ReadAsStringAsync(Cancel)).ShouldContain("another browser");
        var replayed = await session.GetAsync(callback, Cancel);
        (await replayed.Content.ReadAsStringAsync(Cancel)).ShouldContain("no longer valid");

        foreach (var bad in new[] { "", "?code=x", $"?code={query["code"]}&state=forged", $"?state={new string('s', 5000)}" })
        {
            var refused = await session.GetAsync("/api/accounts/oauth/callback" + bad, Cancel);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, bad);
            (await refused.Content.ReadAsStringAsync(Cancel)).ShouldNotContain("accountId\":\"");
        }
        (await (await session.GetAsync("/api/accounts", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task A_refresh_token_revoked_at_the_provider_makes_the_account_need_reconnecting_and_reconnecting_the_same_portal_mends_it()
    {
        var session = await platform.NewWorkspaceClientAsync();
        var accountId = AccountIdOf((await ConnectAsync(session, "Globex (portal 1002)")).Html);
        using (var admin = new HttpClient { BaseAddress = platform.Host.Simulators.Address })
            (await admin.PostAsync("_simulator/hubspot/revoke-all?account=1002", null, Cancel)).EnsureSuccessStatusCode();

        var refused = await OpenAsync(session, accountId);

        refused.Account.ShouldBeNull();
        refused.Problem!.ShouldContain("needs reconnecting");
        var account = await (await session.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync();
        account.GetProperty("status").GetString().ShouldBe("needsReconnecting");

        var (page, html) = await ConnectAsync(session, "Globex (portal 1002)", accountId: accountId);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        AccountIdOf(html).ShouldBe(accountId);
        (await OpenAsync(session, accountId)).Problem.ShouldBeNull();
        (await (await session.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("connected");
    }

    private string JsonOrigin() => "\"" + platform.Host.Address.GetLeftPart(UriPartial.Authority) + "\"";
}
