using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Modular.Testing;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class ConnectedAccountsSteps(ScenarioPage scenario, CurrentAccount account, CurrentAction action)
{
    /// <summary>The partner API's endpoint that wants a key: the REST connector's test call GETs it.</summary>
    private static string PartnerPrivate => Platform.Host.Partner.Address + "private";

    [When("I go to the Accounts page")]
    public async Task GoToAccounts()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Accounts", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Accounts", Level = 1, Exact = true }).WaitForAsync();
    }

    [When(@"I go to the Accounts page and connect a ""([^""]*)"" account ""([^""]*)"" with the API key ""([^""]*)"" for the partner API")]
    public async Task ConnectWithApiKey(string connector, string name, string key)
    {
        await GoToAccounts();
        var page = await scenario.GetAsync();
        var form = ConnectForm(page);
        await form.GetByLabel("Connector", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = connector });
        await form.GetByLabel("Method", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "API key in a header" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(account.Named(name));
        await form.GetByLabel("Header name").FillAsync("X-Api-Key");
        var apiKey = form.GetByLabel("API key");
        await Assertions.Expect(apiKey).ToHaveAttributeAsync("type", "password");
        await apiKey.FillAsync(key);
        await form.GetByLabel("Base URL").FillAsync(PartnerPrivate);
        await form.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
    }

    /// <param name="tenant">Wati only: the simulated tenant whose API endpoint the account calls.</param>
    [When(@"I go to the Accounts page and connect a ""(Wati|Pipes)"" account ""([^""]*)"" with the token ""([^""]*)""(?: at the API endpoint of tenant ""([^""]*)"")?")]
    public async Task ConnectWithToken(string connector, string name, string token, string tenant)
    {
        await GoToAccounts();
        var page = await scenario.GetAsync();
        var form = ConnectForm(page);
        await form.GetByLabel("Connector", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = connector });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(account.Named(name));
        if (tenant.Length > 0) await form.GetByLabel("API endpoint").FillAsync($"{Platform.Host.Simulators.Address}wati/{tenant}");
        var secret = form.GetByLabel("Token");
        await Assertions.Expect(secret).ToHaveAttributeAsync("type", "password");
        await secret.FillAsync(token);
        await form.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
    }

    [Then(@"the (Wati|Pipes) account ""([^""]*)"" is listed as connected")]
    public async Task TokenAccountListed(string connector, string name)
    {
        account.Name.ShouldStartWith(name);
        var page = await scenario.GetAsync();
        var row = AccountRow(page);
        // Connected once the connector's test call, made with the token, succeeded.
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToContainTextAsync(connector);
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("Connected");
        var saved = (await FindAsync(account.Name, connector.ToLowerInvariant())).ShouldNotBeNull();
        account.Id = saved.GetProperty("id").GetString();
        saved.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).ShouldBe(["token"]);
    }

    [Then("an alert says the test call was refused")]
    public async Task AlertSaysRefused()
    {
        var page = await scenario.GetAsync();
        var alert = ConnectForm(page).GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("The test call was refused");
        await Assertions.Expect(alert).ToContainTextAsync("401");
        // The refused key is kept in the form for another try, and nothing was saved.
        await Assertions.Expect(ConnectForm(page).GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true })).ToBeEnabledAsync();
    }

    [Then(@"the account ""([^""]*)"" is not listed")]
    public async Task NotListed(string name)
    {
        account.Name.ShouldStartWith(name);
        var page = await scenario.GetAsync();
        await Assertions.Expect(AccountRow(page)).ToHaveCountAsync(0);
        (await FindAsync(account.Name)).ShouldBeNull();
    }

    [When("I enter the right API key and connect again")]
    public async Task EnterRightKey()
    {
        var page = await scenario.GetAsync();
        var form = ConnectForm(page);
        await form.GetByLabel("API key").FillAsync(PartnerServer.ApiKey);
        await form.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
    }

    [Then(@"the account ""([^""]*)"" is listed as connected")]
    public async Task ListedAsConnected(string name)
    {
        account.Name.ShouldStartWith(name);
        var page = await scenario.GetAsync();
        var row = AccountRow(page);
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("REST API");
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("API key in a header");
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("Connected");
        await Assertions.Expect(ConnectForm(page).GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        // Saved with its settings; the key itself is sealed and never given back.
        var saved = (await FindAsync(account.Name)).ShouldNotBeNull();
        saved.GetProperty("status").GetString().ShouldBe("connected");
        saved.GetProperty("settings").GetProperty("baseUrl").GetString().ShouldBe(PartnerPrivate);
        saved.GetProperty("settings").TryGetProperty("apiKey", out _).ShouldBeFalse();
        saved.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).ShouldBe(["apiKey"]);
        saved.GetRawText().ShouldNotContain(PartnerServer.ApiKey);
    }

    [Given(@"a connected account ""([^""]*)""")]
    public async Task ConnectedAccount(string name)
    {
        var connected = await ReadAsync(await Platform.Host.Client.PostAsJsonAsync("/api/accounts", new
        {
            connectorId = "rest",
            method = "ApiKey",
            name = account.Named(name),
            values = new { headerName = "X-Api-Key", apiKey = PartnerServer.ApiKey, baseUrl = PartnerPrivate },
        }));
        account.Id = connected.GetProperty("id").GetString();
    }

    [Given(@"a connected account ""([^""]*)"" used by an active action ""([^""]*)""")]
    public async Task ConnectedAccountUsedByActiveAction(string name, string actionName)
    {
        await ConnectedAccount(name);
        var client = Platform.Host.Client;
        var created = await ReadAsync(await client.PostAsJsonAsync("/api/actions", new
        {
            templateId = "rest.send-to-webhook",
            name = action.Named(actionName),
            intent = "Send new orders to the partner",
        }));
        var id = created.GetProperty("id").GetGuid();
        action.Id = id;
        // The account is chosen as the intent page does.
        var withAccount = await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/intent", new
        {
            name = action.Name,
            intent = "Send new orders to the partner",
            intentFields = new { },
            accountId = account.RequireId(),
            version = Version(created),
        }));
        withAccount.GetProperty("accountId").GetString().ShouldBe(account.RequireId());
        var configured = await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/configuration", new
        {
            configuration = new { url = "https://example.com/orders", payload = """{"order": "{{ input.id }}"}""" },
            version = Version(withAccount),
        }));
        var published = await ReadAsync(await client.PostAsJsonAsync($"/api/actions/{id}/publish", new { version = Version(configured) }));
        await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/state", new { state = "active", version = Version(published) }));
    }

    [When("I click Disconnect")]
    public async Task ClickDisconnect()
    {
        var page = await scenario.GetAsync();
        await AccountRow(page).GetByRole(AriaRole.Button, new() { Name = $"Disconnect {account.Name}", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Disconnect {account.Name}", Exact = true });
        await Assertions.Expect(dialog).ToContainTextAsync("Disconnect this account?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Disconnect", Exact = true }).ClickAsync();
    }

    [Then("a safety check tells me which actions use it, and the account stays connected")]
    public async Task SafetyCheck()
    {
        var page = await scenario.GetAsync();
        var alert = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("is used by 1 action, so it stays connected");
        var link = alert.GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", $"/actions/{action.RequireId()}");

        await Assertions.Expect(AccountRow(page).GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("Connected");
        await Assertions.Expect(AccountRow(page).GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true })).ToBeVisibleAsync();
        var still = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/accounts/{account.RequireId()}"));
        still.GetProperty("usedBy").EnumerateArray().Select(u => u.GetProperty("actionId").GetGuid()).ShouldBe([action.RequireId()]);
    }

    [When("I delete that action and disconnect the account again")]
    public async Task DeleteActionAndDisconnectAgain()
    {
        var page = await scenario.GetAsync();
        // The safety check's link opens the action that uses the account.
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = action.Name, Level = 1, Exact = true }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Action menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "My actions", Level = 1 }).WaitForAsync();

        await GoToAccounts();
        await Assertions.Expect(AccountRow(page).GetByRole(AriaRole.Cell).Nth(5)).ToHaveTextAsync("No action");
        await ClickDisconnect();
    }

    [Then("the account is no longer listed")]
    public async Task NoLongerListed()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Disconnected {account.Name}." })).ToBeVisibleAsync();
        await Assertions.Expect(AccountRow(page)).ToHaveCountAsync(0);
        using var gone = await Platform.Host.Client.GetAsync($"/api/accounts/{account.RequireId()}");
        gone.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [When(@"I choose the account ""([^""]*)""")]
    public async Task ChooseAccount(string name)
    {
        account.Name.ShouldStartWith(name);
        var page = await scenario.GetAsync();
        var select = page.GetByLabel("Account", new() { Exact = true });
        await Assertions.Expect(select).ToHaveValueAsync("");
        await Assertions.Expect(select.Locator("option:checked")).ToHaveTextAsync("No account");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Connect another account", Exact = true })).ToHaveAttributeAsync("href", "/accounts");
        await select.SelectOptionAsync(new SelectOptionValue { Label = account.Name });
    }

    [When("I choose the account I connected")]
    public async Task ChooseConnectedAccount()
    {
        var page = await scenario.GetAsync();
        // Its label reads "Account (required)" for a connector that needs one.
        var select = page.GetByRole(AriaRole.Combobox, new() { Name = "Account" });
        await select.SelectOptionAsync(account.RequireId());
        await Assertions.Expect(select).ToHaveValueAsync(account.RequireId());
    }

    [Then(@"the action uses the account ""([^""]*)""")]
    public async Task ActionUsesAccount(string name)
    {
        account.Name.ShouldStartWith(name);
        var saved = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/actions/{action.RequireId()}"));
        saved.GetProperty("accountId").GetString().ShouldBe(account.RequireId());
        var used = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/accounts/{account.RequireId()}"));
        used.GetProperty("usedBy").EnumerateArray().Select(u => u.GetProperty("name").GetString()).ShouldBe([action.Name]);

        // Editing the intent again shows the chosen account.
        var page = await scenario.GetAsync();
        await page.GotoAsync($"/actions/{action.RequireId()}/intent");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Define the action", Level = 1 }).WaitForAsync();
        await Assertions.Expect(page.GetByLabel("Account", new() { Exact = true })).ToHaveValueAsync(account.RequireId());
    }

    /// <summary>The provider's consent page, in the pop-up the console opened, and when that pop-up closes.</summary>
    private IPage? _popup;
    private Task? _popupClosed;

    [When(@"I click ""Connect with ([^""]*)"" on the intent page")]
    public async Task ConnectOnIntentPage(string connector)
    {
        var page = await scenario.GetAsync();
        await OpenPopupAsync(page, page.GetByRole(AriaRole.Button, new() { Name = $"Connect with {connector}", Exact = true }));
    }

    [Then(@"the pop-up closes and the (\w+) account of ""([^""]*)"" is chosen for the action")]
    public async Task PopUpClosedAndChosen(string connector, string who)
    {
        await _popupClosed.ShouldNotBeNull().WaitAsync(TimeSpan.FromSeconds(15));
        var page = await scenario.GetAsync();
        var saved = (await FindOAuthAsync(connector.ToLowerInvariant(), who)).ShouldNotBeNull($"No {connector} account of {who} was saved.");
        account.Id = saved.GetProperty("id").GetString();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Account" })).ToHaveValueAsync(account.RequireId());
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "It is chosen for this action." })).ToBeVisibleAsync();
    }

    [Then(@"the action uses the account I connected")]
    public async Task ActionUsesConnected()
    {
        var saved = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/actions/{action.RequireId()}"));
        saved.GetProperty("accountId").GetString().ShouldBe(account.RequireId());
    }

    [When(@"I go to the Accounts page and click ""Connect with ([^""]*)""")]
    public async Task ConnectWithOAuth(string connector)
    {
        await GoToAccounts();
        var page = await scenario.GetAsync();
        var form = ConnectForm(page);
        await form.GetByLabel("Connector", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = connector });
        // No key to enter: the test host points HubSpot at the local simulator, which the form says.
        await Assertions.Expect(form.GetByLabel("API key")).ToHaveCountAsync(0);
        await Assertions.Expect(form.GetByText("Demo", new() { Exact = true })).ToBeVisibleAsync();
        await OpenPopupAsync(page, form.GetByRole(AriaRole.Button, new() { Name = $"Connect with {connector}", Exact = true }));
    }

    /// <summary>Clicks the button that opens the provider's consent page in a pop-up, and keeps the pop-up and when it closes.</summary>
    private async Task OpenPopupAsync(IPage page, ILocator button)
    {
        await Assertions.Expect(button).ToBeEnabledAsync();
        _popup = await page.RunAndWaitForPopupAsync(() => button.ClickAsync());
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _popup.Close += (_, _) => closed.TrySetResult();
        _popupClosed = closed.Task;
    }

    [When(@"I allow access for ""([^""]*)"" in the pop-up")]
    public async Task AllowInPopup(string portal)
    {
        var popup = _popup.ShouldNotBeNull("The console opened no pop-up.");
        var allow = popup.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true });
        await allow.WaitForAsync();
        // The consent page is the provider's (the simulator's origin), not the platform's.
        popup.Url.ShouldStartWith(Platform.Host.Simulators.Address.ToString());
        await Assertions.Expect(popup.GetByRole(AriaRole.Button, new() { Name = "Deny", Exact = true })).ToBeVisibleAsync();
        await popup.GetByLabel(portal, new() { Exact = true }).CheckAsync();
        await allow.ClickAsync();
    }

    /// <param name="noun">What the connector calls an account: a HubSpot account, a Slack workspace.</param>
    [Then(@"the pop-up closes and the ([\w ]+) (account|workspace) of ""([^""]*)"" is listed as connected")]
    public async Task PopUpClosedAndListed(string connector, string noun, string who)
    {
        // The platform's callback page tells the console and closes itself.
        await _popupClosed.ShouldNotBeNull().WaitAsync(TimeSpan.FromSeconds(15));
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Your {connector} account" })).ToContainTextAsync("is connected");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        // Connecting the same portal again updates its account (scenarios share one database), so it is found, not counted.
        var saved = (await FindOAuthAsync(connector.ToLowerInvariant().Replace(' ', '-'), who)).ShouldNotBeNull($"No {connector} account of {who} was saved.");
        saved.GetProperty("status").GetString().ShouldBe("connected");
        saved.GetProperty("method").GetString().ShouldBe("OAuth2");
        saved.GetProperty("demo").GetBoolean().ShouldBeTrue();
        var externalName = saved.GetProperty("externalName").GetString().ShouldNotBeNull();
        account.Id = saved.GetProperty("id").GetString();

        var row = page.GetByRole(AriaRole.Table, new() { Name = "Connected accounts" }).GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Cell).Filter(new() { HasText = externalName }) });
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToContainTextAsync(connector);
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToContainTextAsync("Demo");
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToContainTextAsync(externalName);
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync(saved.GetProperty("name").GetString()!);
        // The method as its vendor calls it: a HubSpot account, a Slack workspace, a Google account (for Google Sheets).
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^{connector.Split(' ')[0]} {noun}$"));
        await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(3)).ToHaveTextAsync("Connected");
    }

    /// <summary>The workspace's <paramref name="connectorId"/> account that is <paramref name="who"/> at the vendor, as the API lists it, or null.</summary>
    private static async Task<JsonElement?> FindOAuthAsync(string connectorId, string who)
    {
        var accounts = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/accounts?connector={connectorId}&pageSize=100"));
        foreach (var item in accounts.GetProperty("items").EnumerateArray())
            if (item.TryGetProperty("externalName", out var name) && name.GetString()?.Contains(who, StringComparison.Ordinal) == true) return item;
        return null;
    }

    private static ILocator ConnectForm(IPage page) => page.GetByRole(AriaRole.Form, new() { Name = "Connect an account", Exact = true });

    /// <summary>The scenario account's row (its name is unique), in the list of connected accounts.</summary>
    private ILocator AccountRow(IPage page) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Connected accounts" }).GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = account.Name, Exact = true }) });

    /// <summary>The workspace's account of the connector named <paramref name="name"/>, as the API lists it, or null.</summary>
    private static async Task<JsonElement?> FindAsync(string name, string connectorId = "rest")
    {
        var accounts = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/accounts?connector={connectorId}&pageSize=100"));
        foreach (var item in accounts.GetProperty("items").EnumerateArray())
            if (item.GetProperty("name").GetString() == name) return item;
        return null;
    }

    private static int Version(JsonElement view) => view.GetProperty("version").GetInt32();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
