using Microsoft.Playwright;
using Modular.E2E.Support;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class ConnectorOperationsSteps(ScenarioPage scenario)
{
    [When(@"I open the operation ""(.*)""")]
    public async Task OpenOperation(string name)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Table, new() { Name = "Operations" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1, Exact = true }).WaitForAsync();
    }

    [Then("the operation's documentation is shown")]
    public async Task DocumentationShown()
    {
        var page = await scenario.GetAsync();
        var doc = page.GetByRole(AriaRole.Region, new() { Name = "Documentation" });
        await Assertions.Expect(doc.Locator(".markdown > *")).Not.ToHaveCountAsync(0);
    }

    /// <summary><c>&lt;partner&gt;</c> stands for the test partner API's address (loopback, allowed by the egress policy).</summary>
    [When(@"I run it with the input ""(.*)""")]
    public async Task RunWith(string input)
    {
        var page = await scenario.GetAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Run the operation" });
        await form.GetByLabel("Input (JSON)").FillAsync(input.Replace("<partner>/", Platform.Host.Partner.Address.ToString()));
        // A write asks once more, once its input is JSON the page accepts.
        var writes = await page.GetByText("· changes the connected system").IsVisibleAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
        if (writes) await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync();
    }

    [Then(@"the console says ""(.*)""")]
    public async Task ConsoleSays(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    [Then(@"the answer shows ""(.*)""")]
    public async Task AnswerShows(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByLabel("Answer", new() { Exact = true })).ToContainTextAsync(text);
    }
}
