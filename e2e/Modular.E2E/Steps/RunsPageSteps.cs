using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class RunsPageSteps(ScenarioPage scenario, CurrentAction action)
{
    private Guid? _scheduled;

    [When("I go to the Runs page and show the runs of the action, queued in the last hour, that failed")]
    public async Task FilterRuns()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Runs", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Level = 1, Exact = true }).WaitForAsync();
        await page.GetByLabel("Action", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = action.Name });
        await page.GetByLabel("Queued", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Last hour" });
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Failed" });
        // The filters are in the address, so the filtered list can be shared and reloaded.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"action={action.RequireId()}.*status=failed|status=failed.*action={action.RequireId()}"));
    }

    [Then(@"the Runs page lists 1 run of the action: ""(.*)"", ""(.*)"", with the error ""(.*)""")]
    public async Task ListsOneRun(string trigger, string status, string error)
    {
        var page = await scenario.GetAsync();
        var rows = Rows(page);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var cells = rows.First.GetByRole(AriaRole.Cell);
        await Assertions.Expect(cells.Nth(0)).ToHaveTextAsync(action.Name);
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync(trigger);
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync(status);
        await Assertions.Expect(cells.Nth(3)).ToContainTextAsync(error);
        await Assertions.Expect(cells.Nth(5)).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? (ms|s)$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Run pages" })).ToContainTextAsync("1 run");
    }

    [When("the action runs again, started elsewhere")]
    public async Task RunsAgain()
    {
        var response = await Platform.Host.Client.PostAsJsonAsync($"/api/actions/{action.RequireId()}/runs", new { });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    [Then("the Runs page lists 2 runs of the action without a reload")]
    public async Task ListsTwoRuns()
    {
        var page = await scenario.GetAsync();
        var url = page.Url;
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        page.Url.ShouldBe(url);
    }

    [When("I open the log of the newest run from the Runs page")]
    public async Task OpenNewest()
    {
        var page = await scenario.GetAsync();
        await Rows(page).First.GetByRole(AriaRole.Link, new() { Name = "View log of" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = $"Run of {action.Name}", Level = 1, Exact = true }).WaitForAsync();
    }

    [Given("the action has failed once and runs every minute on a schedule")]
    public async Task FailedAndScheduled()
    {
        var client = Platform.Host.Client;
        var started = await client.PostAsJsonAsync($"/api/actions/{action.RequireId()}/runs", new { });
        started.IsSuccessStatusCode.ShouldBeTrue(await started.Content.ReadAsStringAsync());
        var schedule = await client.PutAsJsonAsync($"/api/actions/{action.RequireId()}/schedule", new { enabled = true, kind = "cron", cron = "* * * * *", timeZone = "UTC" });
        schedule.IsSuccessStatusCode.ShouldBeTrue(await schedule.Content.ReadAsStringAsync());
        _scheduled = action.RequireId();
    }

    /// <summary>The schedule would fire every minute for the rest of the run: it ends with its scenario.</summary>
    [AfterScenario]
    public async Task EndScheduleAsync()
    {
        if (_scheduled is { } id)
            await Platform.Host.Client.PutAsJsonAsync($"/api/actions/{id}/schedule", new { enabled = false, kind = "cron", cron = "* * * * *", timeZone = "UTC" });
    }

    [Then(@"the home page says where to start: ""(.*)"", ""(.*)"", ""(.*)""")]
    public async Task WhereToStart(string first, string second, string third)
    {
        var page = await scenario.GetAsync();
        var start = page.GetByRole(AriaRole.Region, new() { Name = "Where to start" });
        foreach (var link in new[] { first, second, third })
            await Assertions.Expect(start.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
    }

    [Then(@"the home page lists the action's failure ""(.*)"" and the action under ""Scheduled next""")]
    public async Task FailureAndNext(string error)
    {
        var page = await scenario.GetAsync();
        var failure = page.GetByRole(AriaRole.List, new() { Name = "Recent failures" }).GetByRole(AriaRole.Listitem).Filter(new() { HasText = action.Name });
        await Assertions.Expect(failure.First).ToContainTextAsync(error, new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Scheduled next" }).GetByRole(AriaRole.Link, new() { Name = action.Name, Exact = true }).First)
            .ToBeVisibleAsync();
    }

    private static ILocator Rows(IPage page) =>
        page.GetByRole(AriaRole.Table, new() { Name = "Runs" }).GetByRole(AriaRole.Rowgroup).Nth(1).GetByRole(AriaRole.Row);
}
