using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed partial class BuildAgentSteps(ScenarioPage scenario, CurrentAgent agent, CurrentAction action)
{
    [When(@"I go to the Agents page, create a new agent ""(.*)"" and go to Build My Agent")]
    public async Task CreateAgentOnAgentsPage(string name)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Agents" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Agents", Level = 1, Exact = true }).WaitForAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "New agent" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(agent.Named(name));
        await form.GetByLabel("Description", new() { Exact = true }).FillAsync("Handles new orders");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();
        await OnAgentPage(page);
        await BuildMyAgent(page).ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(BuildMyAgent(page)).ToContainTextAsync("No actions yet.");
    }

    [Then("the Action Library will open in a pop-up")]
    public async Task LibraryOpensInPopUp()
    {
        var page = await scenario.GetAsync();
        var dialog = LibraryDialog(page);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.List, new() { Name = "Templates" }).GetByRole(AriaRole.Link, new() { Name = "Send data to a webhook", Exact = true }))
            .ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Tab, new() { Name = "My actions" })).ToBeVisibleAsync();
    }

    [When(@"I select the template ""(.*)"" in the pop-up")]
    public async Task SelectTemplateInPopUp(string template)
    {
        var page = await scenario.GetAsync();
        var dialog = LibraryDialog(page);
        await dialog.GetByRole(AriaRole.List, new() { Name = "Templates" }).GetByRole(AriaRole.Link, new() { Name = template, Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        page.Url.ShouldContain($"agent={agent.RequireId()}");
    }

    [Then("the page says the action is being added to the agent")]
    public async Task PageSaysAddingToAgent()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note, new() { Name = "Agent" })).ToContainTextAsync($"Adding to agent {agent.Name}");
    }

    [Then("I am back on the agent page")]
    public async Task BackOnAgentPage()
    {
        var page = await scenario.GetAsync();
        // A retrying assertion (as long as WaitForURLAsync waited): that one checks the URL, then listens, and misses a client-side navigation in between.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/agents/{agent.RequireId()}$"), new() { Timeout = 10_000 });
        await OnAgentPage(page);
    }

    [Then("the action is listed under Build My Agent")]
    public async Task ActionListed()
    {
        var page = await scenario.GetAsync();
        var table = BuildMyAgent(page).GetByRole(AriaRole.Table, new() { Name = "Agent actions" });
        var link = table.GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true });
        await Assertions.Expect(link).ToHaveAttributeAsync("href", $"/actions/{action.RequireId()}");
        // Each attached action shows its own state: a published one starts paused.
        await Assertions.Expect(table.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true }) })).ToContainTextAsync("Paused");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Mode" })).ToContainTextAsync("Unpublished changes");
    }

    [Then(@"the agent page says ""(.*)""")]
    public async Task AgentPageSays(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Main).GetByText(new Regex("^" + Regex.Escape(text))).First).ToBeVisibleAsync();
        if (text == "Published")
        {
            var mode = page.GetByRole(AriaRole.Group, new() { Name = "Mode" });
            await Assertions.Expect(mode).ToHaveTextAsync(new Regex("^Published"));
            await Assertions.Expect(mode).Not.ToContainTextAsync("Unpublished changes");
        }
    }

    [Then(@"after a reload the agent's State is ""(.*)""")]
    public async Task AfterReloadAgentState(string state)
    {
        var page = await scenario.GetAsync();
        await page.ReloadAsync();
        await OnAgentPage(page);
        var dropdown = page.GetByRole(AriaRole.Combobox, new() { Name = "State", Exact = true });
        await Assertions.Expect(dropdown).ToHaveValueAsync(state.ToLowerInvariant());
        (await dropdown.Locator("option:checked").InnerTextAsync()).ShouldBe(state);
    }

    [Then("an alert says the action is used by the agent")]
    public async Task AlertSaysUsedByAgent()
    {
        var page = await scenario.GetAsync();
        var alert = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("used by");
        await Assertions.Expect(alert).ToContainTextAsync(agent.Name);
    }

    [Given(@"an agent ""(.*)""")]
    public async Task AnAgent(string name)
    {
        var response = await Platform.Host.Client.PostAsJsonAsync("/api/agents", new { name = agent.Named(name), description = "Sorts new cards" });
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        agent.Id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    [When("I open the agent page")]
    public async Task OpenAgentPage()
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync($"/agents/{agent.RequireId()}");
        await OnAgentPage(page);
    }

    [When(@"I add a behaviour ""(.*)"" on the event ""(.*)"" with the instruction ""(.*)""")]
    public async Task AddBehaviour(string name, string eventId, string instruction)
    {
        var page = await scenario.GetAsync();
        await Behaviours(page).GetByRole(AriaRole.Button, new() { Name = "Add behaviour", Exact = true }).ClickAsync();
        var behaviour = FirstBehaviour(page);
        await behaviour.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await behaviour.GetByLabel("Trigger event", new() { Exact = true }).FillAsync(eventId);
        await behaviour.GetByLabel("Instruction", new() { Exact = true }).FillAsync(instruction);
    }

    [When(@"I give the behaviour a ""(.*)"" action ""(.*)"" with the pipe ""(.*)"" and the destination phase ""(.*)""")]
    public async Task GiveBehaviourAnAction(string actionType, string name, string pipe, string phase)
    {
        var page = await scenario.GetAsync();
        var behaviour = FirstBehaviour(page);
        await behaviour.GetByRole(AriaRole.Button, new() { Name = "Add behaviour action", Exact = true }).ClickAsync();
        var editor = behaviour.GetByRole(AriaRole.Group, new() { Name = "Action 1", Exact = true });
        await editor.GetByLabel("Action type", new() { Exact = true }).SelectOptionAsync(actionType);
        await editor.GetByLabel("Action name", new() { Exact = true }).FillAsync(name);
        await editor.GetByLabel("Pipe ID", new() { Exact = true }).FillAsync(pipe);
        await editor.GetByLabel("Destination phase ID", new() { Exact = true }).FillAsync(phase);
    }

    [Then(@"the instruction shows the unresolved reference hint for ""(.*)""")]
    public async Task UnresolvedHint(string actionName)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(FirstBehaviour(page).GetByRole(AriaRole.Note, new() { Name = "Unresolved references" }))
            .ToContainTextAsync($"Not referenced: {actionName}");
    }

    [Then(@"the behaviour's instruction shows the error ""(.*)""")]
    public async Task InstructionShowsError(string error)
    {
        var page = await scenario.GetAsync();
        var instruction = FirstBehaviour(page).GetByLabel("Instruction", new() { Exact = true });
        await Assertions.Expect(instruction).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(instruction).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(error)));
        await Assertions.Expect(page.GetByRole(AriaRole.Form, new() { Name = "Behaviours editor" }).GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing was saved");
    }

    [When(@"I insert the reference to ""(.*)"" into the instruction")]
    public async Task InsertReference(string actionName)
    {
        var page = await scenario.GetAsync();
        var behaviour = FirstBehaviour(page);
        await behaviour.GetByLabel("Insert reference", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = actionName });
        await behaviour.GetByRole(AriaRole.Button, new() { Name = "Insert", Exact = true }).ClickAsync();
        await Assertions.Expect(behaviour.GetByLabel("Instruction", new() { Exact = true })).ToHaveValueAsync(ReferencedInstruction());
    }

    [Then("the instruction shows no unresolved reference")]
    public async Task NoUnresolvedReference()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(FirstBehaviour(page).GetByRole(AriaRole.Note, new() { Name = "Unresolved references" })).ToHaveCountAsync(0);
    }

    [Then(@"after a reload the behaviour ""(.*)"" is listed with the reference to ""(.*)""")]
    public async Task BehaviourListedAfterReload(string name, string actionName)
    {
        var page = await scenario.GetAsync();
        await page.ReloadAsync();
        await OnAgentPage(page);
        var item = Behaviours(page).GetByRole(AriaRole.List, new() { Name = "Behaviours" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = name });
        await Assertions.Expect(item).ToContainTextAsync($"{actionName} (move_card)");
        await Assertions.Expect(item).ToContainTextAsync(ReferencedInstruction());
    }

    private async Task OnAgentPage(IPage page)
    {
        await page.GetByRole(AriaRole.Heading, new() { Name = agent.Name, Level = 1, Exact = true }).WaitForAsync();
        var match = AgentUrl().Match(page.Url);
        if (match.Success) agent.Id = Guid.Parse(match.Groups[1].Value);
    }

    private static ILocator BuildMyAgent(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Build My Agent" });

    private static ILocator Behaviours(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Behaviours" });

    private static ILocator FirstBehaviour(IPage page) => Behaviours(page).GetByRole(AriaRole.Group, new() { Name = "Behaviour 1", Exact = true });

    private static ILocator LibraryDialog(IPage page) => page.GetByRole(AriaRole.Dialog, new() { Name = "Action library" });

    [GeneratedRegex(@"%\{action:[0-9a-fA-F-]{36}\}")]
    private static partial Regex ReferencedInstruction();

    [GeneratedRegex(@"/agents/([0-9a-fA-F-]{36})(?:[/?#]|$)")]
    private static partial Regex AgentUrl();
}
