using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Modular.Testing;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class SignInSteps(ScenarioPage scenario, CurrentAction action)
{
    private const string ViewerReason = "Viewers can read but not change anything in this workspace.";
    private const string NewPassword = "a long password for the e2e specs";

    private PlatformHost? _fresh;
    private string? _setupCode;
    private string? _passwordRules;
    private string? _memberEmail;
    private string? _invitationLink;
    private IBrowserContext? _memberContext;
    private IPage? _memberPage;
    private OidcProvider? _provider;
    private PlatformHost? _ssoHost;
    private string? _ssoEmail;
    private string? _oauthClientName;
    private string? _oauthClientId;
    private string? _oauthSecret;
    private string? _tokenUrl;
    private string? _oauthToken;

    private PlatformHost Fresh => _fresh ?? throw new InvalidOperationException("The scenario has not started a fresh host.");
    private string MemberEmail => _memberEmail ?? throw new InvalidOperationException("The scenario has not invited anyone yet.");
    private OidcProvider Provider => _provider ?? throw new InvalidOperationException("The scenario has not started a single sign-on provider.");
    private PlatformHost SsoHost => _ssoHost ?? throw new InvalidOperationException("The scenario has not started a host with single sign-on.");
    private string SsoEmail => _ssoEmail ?? throw new InvalidOperationException("The scenario has not said whom the provider signs in.");
    private string OAuthClientName => _oauthClientName ?? throw new InvalidOperationException("The scenario has not created an OAuth client.");

    /// <summary>After the scenario's page is closed (order 10000): the other browser, then the hosts the scenario started, then the provider.</summary>
    [AfterScenario(Order = 20_000)]
    public async Task CloseAsync()
    {
        if (_memberContext is not null) await _memberContext.DisposeAsync();
        if (_fresh is not null) await _fresh.DisposeAsync();
        if (_ssoHost is not null) await _ssoHost.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
    }

    [Given("a fresh host with no account yet")]
    public async Task FreshHost()
    {
        _fresh = await PlatformHost.StartAsync(seedOwner: false);
        using var client = new HttpClient { BaseAddress = _fresh.Address };
        var setup = await ReadAsync(await client.GetAsync("/api/setup"));
        setup.GetProperty("ownerNeeded").GetBoolean().ShouldBeTrue();
        _passwordRules = setup.GetProperty("passwordRules").GetString();
        for (var waited = 0; _fresh.SetupCode is null && waited < 100; waited++) await Task.Delay(100);
        _setupCode = _fresh.SetupCode.ShouldNotBeNull("The host printed no setup code.");
    }

    [When("I open the console of the fresh host")]
    public async Task OpenFreshConsole()
    {
        var page = await scenario.GetSignedOutAsync();
        await page.GotoAsync(new Uri(Fresh.Address, "/").ToString());
    }

    [When(@"I enter the setup code the host printed, the email ""(.*)"" and a password")]
    public async Task EnterSetup(string email)
    {
        var page = await scenario.GetAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Owner account" });
        var code = form.GetByLabel("Setup code", new() { Exact = true });
        await Assertions.Expect(code).ToHaveAccessibleDescriptionAsync(new Regex("printed in the host's output"));
        await code.FillAsync(_setupCode!);
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        var password = form.GetByLabel("Password", new() { Exact = true });
        await Assertions.Expect(password).ToHaveAccessibleDescriptionAsync(_passwordRules!);
        await password.FillAsync(NewPassword);
        await Assertions.Expect(form.GetByLabel("Workspace name", new() { Exact = true })).ToHaveValueAsync("Main");
    }

    [Then(@"I am signed in as ""(.*)""")]
    public async Task SignedInAs(string email) => await InTheConsoleAs(await scenario.GetAsync(), email);

    [Then("the same setup code is refused when it is used again")]
    public async Task SetupCodeRefused()
    {
        using var client = new HttpClient { BaseAddress = Fresh.Address };
        using var again = await client.PostAsJsonAsync("/api/setup", new { code = _setupCode, email = "second@fresh.example", password = NewPassword });
        ((int)again.StatusCode).ShouldBeOneOf(403, 409);

        var page = await scenario.GetAsync();
        await page.GotoAsync(new Uri(Fresh.Address, "/setup").ToString());
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("The owner account exists already");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create the owner account" })).ToHaveCountAsync(0);
    }

    /// <summary>A real OpenID Connect provider on loopback, and a host of its own (its own database) that offers it on the sign-in page.</summary>
    [Given(@"a host with single sign-on through ""(.*)""")]
    public async Task HostWithSso(string displayName)
    {
        _provider = await OidcProvider.StartAsync();
        var settings = _provider.Settings;
        settings["Identity:Sso:DisplayName"] = displayName;
        _ssoHost = await PlatformHost.StartAsync(settings);
    }

    [Given("the provider signs in someone new with a verified email")]
    public void ProviderSignsInVerified() => Provider.NextUser = (_ssoEmail = $"sso-{Guid.NewGuid():N}@tests.example", true);

    [Given("the provider signs in someone new whose email it has not verified")]
    public void ProviderSignsInUnverified() => Provider.NextUser = (_ssoEmail = $"sso-unverified-{Guid.NewGuid():N}@tests.example", false);

    [When("I open the sign-in page of that host")]
    public async Task OpenSsoHostSignIn()
    {
        var page = await scenario.GetSignedOutAsync();
        await page.GotoAsync(new Uri(SsoHost.Address, "/sign-in").ToString());
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1, Exact = true }).WaitForAsync();
    }

    /// <summary>
    /// The click waits for the navigation it starts. For single sign-on that is a round trip through the provider
    /// (the host's first discovery and key fetch, the code exchange): slower than a page, on a busy machine too.
    /// </summary>
    [When(@"I click the link ""(.*)""")]
    public async Task ClickLink(string name)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Through the provider and back: the host's own session, for an account it made for the provider's email, in no workspace.</summary>
    [Then("I am in the console of that host, signed in as the new person")]
    public async Task InSsoHostConsole()
    {
        var page = await scenario.GetAsync();
        await InTheConsoleAs(page, SsoEmail);
        new Uri(page.Url).Authority.ShouldBe(SsoHost.Address.Authority);
        var me = await page.APIRequest.GetAsync(new Uri(SsoHost.Address, "/api/me").ToString());
        me.Ok.ShouldBeTrue($"{me.Status} {await me.TextAsync()}");
        var body = JsonDocument.Parse(await me.TextAsync()).RootElement;
        body.GetProperty("email").GetString().ShouldBe(SsoEmail);
        body.GetProperty("workspaces").GetArrayLength().ShouldBe(0);
    }

    [Then("I am asked to get invited by a workspace admin")]
    public async Task AskedToGetInvited()
    {
        var page = await scenario.GetAsync();
        var main = page.GetByRole(AriaRole.Main);
        await Assertions.Expect(main).ToContainTextAsync("Ask a workspace admin to invite you");
        await Assertions.Expect(main).ToContainTextAsync(SsoEmail);
        // No workspace pages to go to and none failing: only signing out.
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await OnSignInPage();
    }

    [Given("I am not signed in")]
    public Task NotSignedIn() => scenario.GetSignedOutAsync();

    [When("I open the console")]
    public async Task OpenConsole()
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync("/");
    }

    [Then("I am on the sign-in page")]
    public async Task OnSignInPage()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/sign-in(\?|$)"), new() { Timeout = 10_000 });
        await page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1, Exact = true }).WaitForAsync();
    }

    [When("I sign in as the owner with a wrong password")]
    public async Task SignInWrongPassword() => await SignInAsync(await scenario.GetAsync(), TestIdentity.OwnerEmail, "not the owner's password");

    [When("I sign in as the owner")]
    public async Task SignInAsOwner() => await SignInAsync(await scenario.GetAsync(), TestIdentity.OwnerEmail, TestIdentity.OwnerPassword);

    [Then(@"an alert says ""(.*)""")]
    public async Task AlertSays(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    [Then("I am signed in as the owner")]
    public async Task SignedInAsOwner() => await InTheConsoleAs(await scenario.GetAsync(), TestIdentity.OwnerEmail);

    [When("I sign out")]
    public async Task SignOut()
    {
        var page = await scenario.GetAsync();
        await UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
    }

    [When("I go to the Members page")]
    public async Task GoToMembers()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Members", Level = 1, Exact = true }).WaitForAsync();
    }

    [When(@"I invite a new member as ""(.*)""")]
    public async Task Invite(string role)
    {
        var page = await scenario.GetAsync();
        _memberEmail = $"member-{Guid.NewGuid():N}@tests.example";
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Invite a member" });
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync(_memberEmail);
        await form.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
    }

    [Then("the invitation link is shown once, with the date it expires")]
    public async Task InvitationLinkShown()
    {
        var page = await scenario.GetAsync();
        var link = page.GetByLabel("Invitation link", new() { Exact = true });
        await Assertions.Expect(link).ToHaveValueAsync(new Regex("/invitations/[^/]+$"));
        await Assertions.Expect(link).ToHaveAttributeAsync("readonly", "");
        var note = page.GetByRole(AriaRole.Note).Filter(new() { HasText = "shown once" });
        await Assertions.Expect(note).ToContainTextAsync("expires on");
        await note.GetByRole(AriaRole.Button, new() { Name = "Copy link", Exact = true }).ClickAsync();
        _invitationLink = await link.InputValueAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Open invitations" })).ToContainTextAsync(MemberEmail);
    }

    [When("the new member opens the link in another browser, chooses a password and joins")]
    public async Task MemberJoins()
    {
        _memberContext = await Platform.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Platform.Host.Address.ToString() });
        _memberContext.SetDefaultTimeout(10_000);
        var page = _memberPage = await _memberContext.NewPageAsync();
        await page.GotoAsync(_invitationLink ?? throw new InvalidOperationException("No invitation link was shown."));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new Regex("^Join "));
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(MemberEmail);
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("Viewer");
        // The invitation page is a page of the console too: axe runs on it as on the others.
        var violations = await Accessibility.SeriousViolationsAsync(page);
        violations.ShouldBeEmpty($"on {page.Url}:\n{string.Join("\n", violations)}");
        await page.GetByLabel("Choose a password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
    }

    [Then("the new member is in the console, signed in as themselves")]
    public async Task MemberInConsole()
    {
        var page = _memberPage ?? throw new InvalidOperationException("The new member has not opened the link.");
        await InTheConsoleAs(page, MemberEmail);
        await Assertions.Expect(page.GetByRole(AriaRole.Note).Filter(new() { HasText = "You are a viewer in this workspace" })).ToBeVisibleAsync();
    }

    [Then(@"the Members page lists the new member as ""(.*)""")]
    public async Task MembersPageLists(string role)
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync("/members");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Members" }).GetByRole(AriaRole.Row).Filter(new() { HasText = MemberEmail });
        var select = row.GetByRole(AriaRole.Combobox, new() { Name = $"Role of {MemberEmail}", Exact = true });
        await Assertions.Expect(select).ToHaveValueAsync(role.ToLowerInvariant());
        (await select.Locator("option:checked").InnerTextAsync()).ShouldBe(role);
    }

    [When("I go to the Audit page")]
    public async Task GoToAudit()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1, Exact = true }).WaitForAsync();
    }

    [When(@"I filter the audit log by What ""(.*)""")]
    public async Task FilterAudit(string what)
    {
        var page = await scenario.GetAsync();
        var filters = AuditFilters(page);
        var input = filters.GetByLabel("What", new() { Exact = true });
        // The kinds are suggested.
        await Assertions.Expect(page.Locator($"datalist#{await input.GetAttributeAsync("list")} > option[value='{what}']")).ToHaveCountAsync(1);
        await input.FillAsync(what);
        await filters.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("[?&]what=" + string.Join(@"(\+|%20)", what.Split(' ').Select(Regex.Escape)) + "(&|$)"));
    }

    /// <summary>
    /// The entry is written a moment after the invitation (by a message handler): until it is listed,
    /// Filter reads the log again.
    /// </summary>
    [Then("the audit log shows that the owner invited the new member")]
    public async Task AuditShowsInvitation()
    {
        var page = await scenario.GetAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Audit log" });
        var row = table.GetByRole(AriaRole.Row).Filter(new() { HasText = MemberEmail });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 1_000 });
                break;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                await AuditFilters(page).GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
            }
        }
        // When, Who, What, Subject, Detail.
        var cells = row.GetByRole(AriaRole.Cell);
        await Assertions.Expect(cells.Nth(0).Locator("time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d{2}-\d{2}T"));
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(TestIdentity.OwnerEmail);
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync("member invited");
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync(MemberEmail);
        // Only what was asked for is listed.
        var others = table.Locator("tbody tr").Filter(new() { HasNot = page.Locator("td:nth-child(3)", new() { HasTextRegex = new Regex("^member invited$") }) });
        await Assertions.Expect(others).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToContainTextAsync(new Regex(@"Page 1 of \d+"));
    }

    [When("I go to the API keys page")]
    public async Task GoToApiKeys()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "API keys", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1, Exact = true }).WaitForAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "OAuth clients", Level = 2, Exact = true }).WaitForAsync();
    }

    [When(@"I create an OAuth client ""(.*)"" with the role ""(.*)""")]
    public async Task CreateOAuthClient(string name, string role)
    {
        var page = await scenario.GetAsync();
        _oauthClientName = $"{name} {Guid.NewGuid().ToString("N")[..8]}";
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Create OAuth client" });
        await form.GetByLabel("Client name", new() { Exact = true }).FillAsync(_oauthClientName);
        await form.GetByLabel("Client role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = role });
        await form.GetByRole(AriaRole.Button, new() { Name = "Create OAuth client", Exact = true }).ClickAsync();
    }

    [Then("the client secret is shown once, with the client id, the token URL and a curl command using them")]
    public async Task ClientSecretShown()
    {
        var page = await scenario.GetAsync();
        var secret = page.GetByLabel("Client secret", new() { Exact = true });
        await Assertions.Expect(secret).ToHaveValueAsync(new Regex("^[0-9a-f]{64}$"));
        await Assertions.Expect(secret).ToHaveAttributeAsync("readonly", "");
        var note = page.GetByRole(AriaRole.Note).Filter(new() { Has = secret });
        await Assertions.Expect(note).ToContainTextAsync("Copy it now: it is not shown again.");
        await note.GetByRole(AriaRole.Button, new() { Name = "Copy secret", Exact = true }).ClickAsync();
        var facts = note.GetByRole(AriaRole.Definition);
        _oauthSecret = await secret.InputValueAsync();
        _oauthClientId = await facts.Nth(0).InnerTextAsync();
        _oauthClientId.ShouldStartWith("mc_");
        _tokenUrl = await facts.Nth(1).InnerTextAsync();
        new Uri(_tokenUrl).AbsolutePath.ShouldBe("/connect/token");
        await Assertions.Expect(note.GetByLabel("Token request", new() { Exact = true })).ToHaveTextAsync(
            $"curl -d grant_type=client_credentials -d client_id={_oauthClientId} -d client_secret={_oauthSecret} {_tokenUrl}");
    }

    [Then(@"the OAuth clients list shows the client with the role ""(.*)""")]
    public async Task OAuthClientListed(string role)
    {
        var page = await scenario.GetAsync();
        var row = page.GetByRole(AriaRole.Table, new() { Name = "OAuth clients" }).GetByRole(AriaRole.Row).Filter(new() { HasText = OAuthClientName });
        // Name, Client ID, Role, Created by, Created.
        var cells = row.GetByRole(AriaRole.Cell);
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(_oauthClientId!);
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync(role);
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync(TestIdentity.OwnerEmail);
    }

    [Then("the integration exchanges the client id and secret for a token that acts as an editor")]
    public async Task IntegrationGetsToken()
    {
        using var client = new HttpClient();
        using var issued = await client.PostAsync(_tokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _oauthClientId!,
            ["client_secret"] = _oauthSecret!,
        }));
        var token = await ReadAsync(issued);
        token.GetProperty("token_type").GetString().ShouldBe("Bearer", StringCompareShould.IgnoreCase);
        token.GetProperty("expires_in").GetInt32().ShouldBeInRange(3000, 3600);
        _oauthToken = token.GetProperty("access_token").GetString();

        using var integration = Integration();
        (await integration.GetAsync("/api/actions")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        // An editor, not an admin.
        (await integration.GetAsync("/api/oauth-clients")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
    }

    [When("I delete the OAuth client")]
    public async Task DeleteOAuthClient()
    {
        var page = await scenario.GetAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "OAuth clients" });
        await table.GetByRole(AriaRole.Button, new() { Name = $"Delete {OAuthClientName}", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {OAuthClientName}" });
        await Assertions.Expect(dialog).ToContainTextAsync("Its tokens stop working at once");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = OAuthClientName })).ToHaveCountAsync(0);
        // Its secret is of no use any more: no longer shown.
        await Assertions.Expect(page.GetByLabel("Client secret", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Then("the integration's token no longer works")]
    public async Task TokenStopped()
    {
        using var integration = Integration();
        (await integration.GetAsync("/api/actions")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }

    [Given(@"an active action ""(.*)"" in the workspace")]
    public async Task ActiveAction(string name)
    {
        var client = Platform.Host.Client;
        var created = await ReadAsync(await client.PostAsJsonAsync("/api/actions", new
        {
            templateId = "rest.send-to-webhook",
            name = action.Named(name),
            intent = "Send the weekly figures to the reporting service",
        }));
        var id = created.GetProperty("id").GetGuid();
        action.Id = id;
        var configured = await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/configuration", new
        {
            configuration = new { url = "https://example.com/figures", payload = "{}" },
            version = Version(created),
        }));
        var published = await ReadAsync(await client.PostAsJsonAsync($"/api/actions/{id}/publish", new { version = Version(configured) }));
        await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/state", new { state = "active", version = Version(published) }));
    }

    /// <summary>The owner invites someone new as viewer of "main" (the API key's workspace); they join with a password and the browser signs in as them.</summary>
    [Given("I am signed in as a viewer of the workspace")]
    public async Task SignedInAsViewer()
    {
        var email = _memberEmail = $"viewer-{Guid.NewGuid():N}@tests.example";
        using var owner = await TestIdentity.SignInAsync(Platform.Host.Address);
        owner.DefaultRequestHeaders.Add("X-Workspace", "main");
        var invitation = await ReadAsync(await owner.PostAsJsonAsync("/api/invitations", new { email, role = "viewer" }));
        var link = invitation.GetProperty("link").GetString()!;
        using var invited = new HttpClient { BaseAddress = Platform.Host.Address };
        var joined = await ReadAsync(await invited.PostAsJsonAsync($"/api/invitation-links/{link[(link.LastIndexOf('/') + 1)..]}/accept", new { password = NewPassword }));
        joined.GetProperty("workspaces").EnumerateArray().Select(w => (w.GetProperty("id").GetString(), w.GetProperty("role").GetString()))
            .ShouldContain(("main", "viewer"));

        var page = await scenario.GetSignedOutAsync();
        var signIn = await page.APIRequest.PostAsync("/api/session", new APIRequestContextOptions { DataObject = new { email, password = NewPassword } });
        signIn.Ok.ShouldBeTrue($"Signing the viewer in was refused: {signIn.Status} {await signIn.TextAsync()}");
    }

    [Then(@"I am told ""(.*)""")]
    public async Task Told(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note).Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    [Then("the buttons that change the action are disabled")]
    public async Task ChangingButtonsDisabled()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Action menu" }).ClickAsync();
        var menu = page.GetByRole(AriaRole.Menu, new() { Name = "Action menu" });
        foreach (var item in new[] { "Run", "Run with input…", "Edit Name", "Edit", "Delete" })
        {
            var entry = menu.GetByRole(AriaRole.Menuitem, new() { Name = item, Exact = true });
            await Assertions.Expect(entry).ToBeDisabledAsync();
            await Assertions.Expect(entry).ToHaveAttributeAsync("title", ViewerReason);
        }
        await page.Keyboard.PressAsync("Escape");

        var state = page.GetByRole(AriaRole.Combobox, new() { Name = "State", Exact = true });
        await Assertions.Expect(state).ToBeDisabledAsync();
        await Assertions.Expect(state).ToHaveValueAsync("active");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit code", Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByLabel("Enable webhook", new() { Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save schedule", Exact = true })).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Change configuration" })).ToHaveCountAsync(0);
        // Everything is still there to read.
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Code" }).Locator("pre")).ToContainTextAsync("rest.request");
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Sign in" });
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await form.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static async Task InTheConsoleAs(IPage page, string email)
    {
        // Home when the console was opened at its root, the Library after a first setup or an invitation.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/(library)?$"), new() { Timeout = 10_000 });
        await Assertions.Expect(UserMenu(page)).ToContainTextAsync(email);
    }

    /// <summary>The integration's client: the main host, with the token it was issued.</summary>
    private HttpClient Integration()
    {
        var client = new HttpClient { BaseAddress = Platform.Host.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", _oauthToken ?? throw new InvalidOperationException("The integration has no token yet."));
        return client;
    }

    private static ILocator AuditFilters(IPage page) => page.GetByRole(AriaRole.Search, new() { Name = "Filter the audit log" });

    private static ILocator UserMenu(IPage page) => page.GetByRole(AriaRole.Group, new() { Name = "User menu" });

    private static int Version(JsonElement view) => view.GetProperty("version").GetInt32();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
