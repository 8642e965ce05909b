using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class ActionLibrarySteps(ScenarioPage scenario)
{
    private ILocator Cards(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Templates" }).GetByRole(AriaRole.Listitem);

    [Given("I open the admin console")]
    public async Task OpenConsole()
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).WaitForAsync();
    }

    [When("I go to the Action Library")]
    public async Task GoToLibrary()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Library" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Action library" }).WaitForAsync();
    }

    [When(@"I browse the templates of the type ""(.*)""")]
    public async Task BrowseByType(string type)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = type }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = type })).ToHaveAttributeAsync("aria-selected", "true");
    }

    [When(@"I search the library for ""(.*)""")]
    public async Task Search(string text)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search templates" }).FillAsync(text);
    }

    [Then(@"I see the templates (.*)")]
    public async Task SeeTemplates(string quotedNames)
    {
        var expected = quotedNames.Split('"').Where((_, i) => i % 2 == 1).ToArray();
        var page = await scenario.GetAsync();
        await Assertions.Expect(Cards(page).GetByRole(AriaRole.Heading)).ToHaveTextAsync(expected);
    }

    [Then(@"the templates include (.*)")]
    public async Task TemplatesInclude(string quotedNames)
    {
        var page = await scenario.GetAsync();
        foreach (var name in quotedNames.Split('"').Where((_, i) => i % 2 == 1))
            await Assertions.Expect(Cards(page).GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();
    }

    [Then("every template shows its connector's icon as a picture")]
    public async Task EveryTemplateShowsItsIcon()
    {
        var page = await scenario.GetAsync();
        var icons = Cards(page).Locator("img.icon");
        await Assertions.Expect(icons).ToHaveCountAsync(await Cards(page).CountAsync());
        // Every icon decoded as an image (a broken or refused one has no natural width).
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('img.icon')].every(i => i.complete && i.naturalWidth > 0)");
        (await icons.EvaluateAllAsync<string[]>("icons => [...new Set(icons.map(i => new URL(i.src).pathname))]")).Length.ShouldBeGreaterThanOrEqualTo(4);
    }

    [Then(@"I see (\d+) templates")]
    public async Task SeeCount(int count)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(Cards(page)).ToHaveCountAsync(count);
    }

    [Then("each template shows its connector and whether it needs an account")]
    public async Task EachShowsConnector()
    {
        var page = await scenario.GetAsync();
        foreach (var card in await Cards(page).AllAsync())
        {
            var text = await card.InnerTextAsync();
            text.ShouldContain("REST API");
            text.ShouldContain("account");
        }
    }
}
