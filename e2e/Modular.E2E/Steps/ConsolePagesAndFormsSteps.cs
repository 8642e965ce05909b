using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class ConsolePagesAndFormsSteps(ScenarioPage scenario)
{
    /// <summary>The red of an invalid field's border (index.css).</summary>
    private const string InvalidBorder = "rgb(180, 35, 24)";

    [When(@"I open the address ""(.*)""")]
    public async Task OpenAddress(string path)
    {
        var page = await scenario.GetAsync();
        await page.GotoAsync(path);
    }

    [When("I reload the page")]
    public async Task Reload()
    {
        var page = await scenario.GetAsync();
        await page.ReloadAsync();
    }

    [Then(@"the fields ""(.*)"" and ""(.*)"" are outlined as invalid")]
    public async Task OutlinedAsInvalid(string first, string second)
    {
        var page = await scenario.GetAsync();
        foreach (var label in new[] { first, second })
            await Assertions.Expect(page.GetByLabel(label)).ToHaveCSSAsync("border-top-color", InvalidBorder);
    }

    [When(@"I schedule the action every hour at minute ""(.*)""")]
    public async Task ScheduleHourly(string minute)
    {
        var page = await scenario.GetAsync();
        var schedule = Schedule(page);
        await schedule.ScrollIntoViewIfNeededAsync();
        await schedule.GetByLabel("Enable schedule", new() { Exact = true }).CheckAsync();
        await schedule.GetByLabel("Frequency", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Hourly" });
        await schedule.GetByLabel("Minute past the hour", new() { Exact = true }).FillAsync(minute);
    }

    [Then(@"the schedule's field ""(.*)"" shows the error ""(.*)""")]
    public async Task ScheduleFieldShowsError(string label, string error)
    {
        var page = await scenario.GetAsync();
        var field = Schedule(page).GetByLabel(label, new() { Exact = true });
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(error)));
        await Assertions.Expect(field).ToHaveCSSAsync("border-top-color", InvalidBorder);
    }

    private static ILocator Schedule(IPage page) => page.GetByRole(AriaRole.Form, new() { Name = "Schedule" });
}
