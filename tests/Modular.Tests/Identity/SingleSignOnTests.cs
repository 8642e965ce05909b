using System.Net;
using System.Net.Http.Json;
using Modular.Testing;

namespace Modular.Tests.Identity;

/// <summary>Single sign-on against a real OpenID Connect provider on loopback: the whole code flow, over HTTP, with redirects.</summary>
public sealed class SingleSignOnHost : IAsyncLifetime
{
    public OidcProvider Provider { get; private set; } = null!;
    public PlatformHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Provider = await OidcProvider.StartAsync();
        Host = await PlatformHost.StartAsync(Provider.Settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
    }
}

public sealed class SingleSignOnTests(SingleSignOnHost sso) : IClassFixture<SingleSignOnHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A browser-like client: follows the redirects to the provider and back, keeping cookies.</summary>
    private HttpClient Browser() => TestIdentity.Session(sso.Host.Address, new CookieContainer());

    private async Task<(HttpClient Browser, HttpResponseMessage Landed)> SignInAsync(string email, bool verified, string returnTo = "/library")
    {
        sso.Provider.NextUser = (email, verified);
        var browser = Browser();
        var landed = await browser.GetAsync($"/sso/start?returnTo={Uri.EscapeDataString(returnTo)}", Cancel);
        return (browser, landed);
    }

    [Fact]
    public async Task The_sign_in_page_learns_that_single_sign_on_is_configured()
    {
        using var stranger = new HttpClient { BaseAddress = sso.Host.Address };
        var status = await (await stranger.GetAsync("/api/sso", Cancel)).ReadJsonAsync();

        status.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        status.GetProperty("displayName").GetString().ShouldBe("Test provider");
    }

    [Fact]
    public async Task A_new_user_signs_in_with_a_verified_email_and_joins_no_workspace_until_invited()
    {
        var email = $"new-{Guid.NewGuid():N}@tests.example";
        var (browser, landed) = await SignInAsync(email, verified: true);

        landed.StatusCode.ShouldBe(HttpStatusCode.OK);
        landed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/library");
        var me = await (await browser.GetAsync("/api/me", Cancel)).ReadJsonAsync();
        me.GetProperty("email").GetString().ShouldBe(email);
        me.GetProperty("workspaces").GetArrayLength().ShouldBe(0);
        await (await browser.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        using var owner = await TestIdentity.SignInAsync(sso.Host.Address);
        var invitation = await (await owner.PostAsJsonAsync("/api/invitations", new { email, role = "viewer" }, Cancel)).ReadJsonAsync();
        var link = invitation.GetProperty("link").GetString()!;
        (await browser.PostAsJsonAsync($"/api/invitation-links/{link[(link.LastIndexOf('/') + 1)..]}/accept", new { }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_existing_account_is_matched_by_its_verified_email()
    {
        var (browser, _) = await SignInAsync(TestIdentity.OwnerEmail, verified: true);

        var me = await (await browser.GetAsync("/api/me", Cancel)).ReadJsonAsync();
        me.GetProperty("email").GetString().ShouldBe(TestIdentity.OwnerEmail);
        me.GetProperty("workspaces").EnumerateArray().ShouldContain(w => w.GetProperty("id").GetString() == "main");
    }

    [Fact]
    public async Task An_unverified_email_cannot_sign_in_not_even_to_an_existing_account()
    {
        var (browser, landed) = await SignInAsync(TestIdentity.OwnerEmail, verified: false);

        landed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/sign-in");
        landed.RequestMessage.RequestUri.Query.ShouldStartWith("?sso=unverified");
        await (await browser.GetAsync("/api/me", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task The_return_address_is_a_path_of_this_site_only(string returnTo)
    {
        var (_, landed) = await SignInAsync($"redirect-{Guid.NewGuid():N}@tests.example", verified: true, returnTo);

        landed.RequestMessage!.RequestUri!.Authority.ShouldBe(sso.Host.Address.Authority);
        landed.RequestMessage.RequestUri.AbsolutePath.ShouldBe("/");
    }

    [Fact]
    public async Task Before_the_owner_exists_single_sign_on_makes_no_account()
    {
        await using var fresh = await PlatformHost.StartAsync(sso.Provider.Settings, seedOwner: false);
        using var browser = TestIdentity.Session(fresh.Address, new CookieContainer());

        await (await browser.GetAsync("/sso/start", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await (await browser.GetAsync("/api/setup", Cancel)).ReadJsonAsync()).GetProperty("ownerNeeded").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_callback_the_provider_did_not_send_is_refused()
    {
        using var browser = Browser();

        var forged = await browser.GetAsync("/sso/callback?code=forged&state=forged", Cancel);

        forged.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/sign-in");
        forged.RequestMessage.RequestUri.Query.ShouldStartWith("?sso=failed");
        await (await browser.GetAsync("/api/me", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
