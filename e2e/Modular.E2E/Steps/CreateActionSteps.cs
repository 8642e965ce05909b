using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed partial class CreateActionSteps(ScenarioPage scenario, CurrentAction action)
{
    [When(@"I click on the template ""(.*)"" to start the creation flow")]
    public async Task ClickTemplate(string template)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.List, new() { Name = "Templates" })
            .GetByRole(AriaRole.Link, new() { Name = template, Exact = true })
            .ClickAsync();
    }

    [Then(@"I see the page ""(.*)""")]
    public async Task SeePage(string heading)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1, Exact = true }).WaitForAsync();
        RememberActionId(page.Url);
    }

    [When(@"I fill in the required details: Name ""(.*)"", Intent ""(.*)""")]
    public async Task FillIntent(string name, string intent)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Define the action" }).WaitForAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(action.Named(name));
        await page.GetByLabel("Intent", new() { Exact = true }).FillAsync(intent);
    }

    [When("I click Confirm to proceed")]
    public async Task Confirm()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
    }

    [When(@"I fill in ""(.*)"" with ""(.*)""")]
    public async Task FillIn(string label, string value)
    {
        var page = await scenario.GetAsync();
        await page.GetByLabel(label).FillAsync(value);
    }

    [When(@"I fill in ""([^""]*)"" with")]
    public Task FillInText(string label, string text) => FillIn(label, text);

    [When(@"I click ""([^""]*)""(?: to .*)?")]
    public async Task ClickButton(string button)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
    }

    [Then(@"the action page shows the state ""(.*)""")]
    public async Task ActionPageShowsState(string state)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = action.Name, Level = 1, Exact = true }).WaitForAsync();
        RememberActionId(page.Url);
        await Assertions.Expect(StateDropdown(page)).ToHaveValueAsync(state.ToLowerInvariant());
        (await StateDropdown(page).Locator("option:checked").InnerTextAsync()).ShouldBe(state);
    }

    [Then(@"after a reload the action page shows the state ""(.*)""")]
    public async Task AfterReload(string state)
    {
        var page = await scenario.GetAsync();
        await page.ReloadAsync();
        await ActionPageShowsState(state);
    }

    [When("I continue the setup")]
    public async Task ContinueSetup()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue setup" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Configure the action" }).WaitForAsync();
    }

    [Then(@"its Description mentions ""(.*)""")]
    public async Task DescriptionMentions(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Description" })).ToContainTextAsync(text);
    }

    [Then(@"its Code contains ""(.*)""")]
    public async Task CodeContains(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Code" }).Locator("pre")).ToContainTextAsync(text);
    }

    [When(@"I choose ""(.*)"" in the State dropdown")]
    public async Task ChooseState(string state)
    {
        var page = await scenario.GetAsync();
        await StateDropdown(page).SelectOptionAsync(new SelectOptionValue { Label = state });
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "State saved." })).ToBeVisibleAsync();
    }

    [Then(@"the field ""(.*)"" shows the error ""(.*)""")]
    public async Task FieldShowsError(string label, string error)
    {
        var page = await scenario.GetAsync();
        var field = page.GetByLabel(label);
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(error)));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Configure the action" }).WaitForAsync();
    }

    [Then("the action is still a draft")]
    public async Task StillDraft()
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync($"/actions/{action.RequireId()}");
        await ActionPageShowsState("Draft");
    }

    [Given(@"a published action ""(.*)"" used by the agent ""(.*)""")]
    public async Task PublishedActionUsedBy(string name, string agent)
    {
        var client = Platform.Host.Client;
        var created = await ReadAsync(await client.PostAsJsonAsync("/api/actions", new
        {
            templateId = "rest.send-to-webhook",
            name = action.Named(name),
            intent = "Send new customers to the CRM",
            intentFields = new { },
        }));
        var id = created.GetProperty("id").GetGuid();
        action.Id = id;
        var configured = await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/configuration", new
        {
            configuration = new { url = "https://example.com/customers", payload = """{"email": "{{ input.email }}"}""" },
            version = created.GetProperty("version").GetInt32(),
        }));
        await ReadAsync(await client.PostAsJsonAsync($"/api/actions/{id}/publish", new { version = configured.GetProperty("version").GetInt32() }));

        var agentCreated = await ReadAsync(await client.PostAsJsonAsync("/api/agents", new { name = agent, description = "Uses the action" }));
        await ReadAsync(await client.PutAsync($"/api/agents/{agentCreated.GetProperty("id").GetGuid()}/actions/{id}", null));
    }

    [When("I open the action")]
    public async Task OpenAction()
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync($"/actions/{action.RequireId()}");
        await page.GetByRole(AriaRole.Heading, new() { Name = action.Name, Level = 1, Exact = true }).WaitForAsync();
    }

    [When("I delete the action and confirm")]
    public async Task DeleteAndConfirm()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Action menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Delete", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete this action? This cannot be undone.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
    }

    [Then(@"an alert says the action is used by ""(.*)""")]
    public async Task AlertSaysUsedBy(string agent)
    {
        var page = await scenario.GetAsync();
        var alert = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("used by");
        await Assertions.Expect(alert).ToContainTextAsync(agent);
    }

    [When(@"I go to My actions and choose ""(.*)"" in the action's menu, and confirm")]
    public async Task DeleteFromMyActions(string item)
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync("/actions");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search actions" }).FillAsync(action.Name);
        var menu = $"Menu of {action.Name}";
        await page.GetByRole(AriaRole.Button, new() { Name = menu, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = menu }).GetByRole(AriaRole.Menuitem, new() { Name = item, Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("Delete this action? This cannot be undone.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
    }

    [Then(@"the alert links to the agent ""(.*)""")]
    public async Task AlertLinksToAgent(string agent)
    {
        var page = await scenario.GetAsync();
        var link = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = agent, Exact = true });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", new Regex("^/agents/[0-9a-f-]{36}$"));
    }

    [Then("the action is still listed in My actions")]
    public async Task StillListed()
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync("/actions");
        await page.GetByRole(AriaRole.Heading, new() { Name = "My actions" }).WaitForAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search actions" }).FillAsync(action.Name);
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Actions" }).GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true }))
            .ToBeVisibleAsync();
    }

    private static ILocator StateDropdown(IPage page) => page.GetByRole(AriaRole.Combobox, new() { Name = "State", Exact = true });

    private void RememberActionId(string url)
    {
        var match = ActionUrl().Match(url);
        if (match.Success) action.Id = Guid.Parse(match.Groups[1].Value);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [GeneratedRegex(@"/actions/([0-9a-fA-F-]{36})(?:/|$)")]
    private static partial Regex ActionUrl();
}
