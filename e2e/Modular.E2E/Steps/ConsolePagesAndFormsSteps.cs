using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class ConsolePagesAndFormsSteps(ScenarioPage scenario, CurrentAction action)
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

    [Given(@"I use the console on a phone (\d+) pixels wide")]
    public async Task UsePhone(int width)
    {
        var page = await scenario.GetAsync();
        await page.SetViewportSizeAsync(width, 844);
    }

    [Then("the page does not scroll sideways")]
    public async Task NoSidewaysScroll()
    {
        var page = await scenario.GetAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        // The elements that reach past the screen's edge, so a failure says what to fix.
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
              .slice(-5).map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)
            """);
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"the page at {page.Url} is wider than the screen: {string.Join(", ", wide)}");
    }

    [Then("the run details are beside or under the run log, never over it")]
    public async Task DetailsDoNotCoverLog()
    {
        var page = await scenario.GetAsync();
        var log = await page.GetByRole(AriaRole.Log, new() { Name = "Run log" }).BoundingBoxAsync();
        var details = await page.GetByRole(AriaRole.Complementary, new() { Name = "Run details" }).BoundingBoxAsync();
        log.ShouldNotBeNull();
        details.ShouldNotBeNull();
        var overlap = details.X < log.X + log.Width && log.X < details.X + details.Width && details.Y < log.Y + log.Height && log.Y < details.Y + details.Height;
        overlap.ShouldBeFalse("the run details cover the run log");
    }

    [When(@"I open the menu and go to ""(.*)""")]
    public async Task OpenMenuAndGo(string section)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = section, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = section, Level = 1 }).WaitForAsync();
    }

    [Then("the menu is folded again")]
    public async Task MenuFolded()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true })).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();
    }

    [Then(@"the action page tells ""(.*)""")]
    public async Task ActionPageTells(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Saved" })).ToContainTextAsync(text);
    }

    [Then(@"the action page says whether it runs: ""(.*)""")]
    public async Task SaysWhetherItRuns(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Would it run now" })).ToContainTextAsync(text);
    }

    [Given("my system is set to dark")]
    public async Task SystemDark()
    {
        var page = await scenario.GetAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
    }

    [Then("the page is dark with light text, and so are its fields")]
    public async Task PageIsDark()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "My actions", Level = 1 }).WaitForAsync();
        // Relative luminance of each computed colour, 0 (black) to 1 (white).
        var levels = await page.EvaluateAsync<double[]>("""
            () => {
              const level = colour => { const [r, g, b] = colour.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
              const root = getComputedStyle(document.documentElement);
              const card = getComputedStyle(document.querySelector('input[type="search"]'));
              return [level(root.backgroundColor), level(root.color), level(card.backgroundColor)];
            }
            """);
        levels[0].ShouldBeLessThan(0.2, "the page's background");
        levels[1].ShouldBeGreaterThan(0.8, "the page's text");
        levels[2].ShouldBeLessThan(0.2, "the search field's background");
    }

    [Then(@"the tab's title is ""(.*)""")]
    public async Task TabTitle(string title)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page).ToHaveTitleAsync(title);
    }

    [When(@"I set the run limit ""(.*)"" to ""(.*)""")]
    public async Task SetRunLimit(string label, string value)
    {
        var page = await scenario.GetAsync();
        await RunLimits(page).GetByLabel(label, new() { Exact = true }).FillAsync(value);
    }

    [Then(@"the run limit ""(.*)"" shows the error ""(.*)""")]
    public async Task RunLimitShowsError(string label, string error)
    {
        var page = await scenario.GetAsync();
        var field = RunLimits(page).GetByLabel(label, new() { Exact = true });
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(error)));
    }

    [Then(@"the run limits say ""(.*)""")]
    public async Task RunLimitsSay(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(RunLimits(page).GetByRole(AriaRole.Status)).ToHaveTextAsync(text);
    }

    private static ILocator RunLimits(IPage page) => page.GetByRole(AriaRole.Form, new() { Name = "Run limits" });

    [When(@"I open the console's page ""(.*)""")]
    public async Task OpenConsolePage(string which)
    {
        var page = await scenario.GetAsync();
        var id = action.RequireId();
        var path = which switch
        {
            "the action" => $"/actions/{id}",
            "the action's setup" => $"/actions/{id}/configure",
            "the action's run" or "the run's document" => $"/runs/{await RunToEndAsync(id)}",
            "the action's intent" => $"/actions/{id}/intent",
            "the action's history changes" => $"/actions/{id}#history-title",
            "the agent" => $"/agents/{await AgentUsingAsync(id)}",
            _ => which,
        };
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First.WaitForAsync();
        if (which == "the action's run") await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Run outcome" })).ToHaveTextAsync(new Regex("^Succeeded"));
        if (which == "the run's document")
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Open out.csv", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Table, new() { Name = "Document" }).WaitForAsync();
        }
        if (which == "the action's history changes") await ShowChanges("Code edited");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    [When(@"I show the changes of ""(.*)"" in the history")]
    public async Task ShowChanges(string kind)
    {
        var page = await scenario.GetAsync();
        var entry = HistoryEntries(page).Filter(new() { HasText = kind }).First;
        await entry.GetByRole(AriaRole.Button, new() { Name = "Show changes", Exact = true }).ClickAsync();
    }

    [Then(@"the change to ""(.*)"" adds the line ""(.*)""")]
    public async Task ChangeAddsLine(string field, string line)
    {
        var page = await scenario.GetAsync();
        var diff = page.GetByLabel($"Changes to {field}", new() { Exact = true });
        await Assertions.Expect(diff.Locator(".diff-added").Filter(new() { HasText = line })).ToHaveCountAsync(1);
    }

    [When(@"I restore version (\d+) from the history and confirm")]
    public async Task RestoreVersion(int version)
    {
        var page = await scenario.GetAsync();
        var entry = HistoryEntries(page).Filter(new() { Has = page.GetByText($"v{version}", new() { Exact = true }) }).First;
        await entry.GetByRole(AriaRole.Button, new() { Name = "Restore this version", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Restore version {version}?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    [Then(@"the action's code no longer reads ""(.*)""")]
    public async Task CodeNoLongerReads(string text)
    {
        var page = await scenario.GetAsync();
        var code = page.Locator("section[aria-labelledby='code-title'] pre.code");
        await Assertions.Expect(code).Not.ToContainTextAsync(text);
        await Assertions.Expect(code).ToContainTextAsync("request(");
    }

    [Then(@"the history's newest entry is ""(.*)"" at version (\d+)")]
    public async Task NewestHistoryEntry(string kind, int version)
    {
        var page = await scenario.GetAsync();
        var newest = HistoryEntries(page).First;
        await Assertions.Expect(newest.Locator("strong")).ToHaveTextAsync(kind);
        await Assertions.Expect(newest).ToContainTextAsync($"v{version}");
    }

    [When(@"I click the primary button ""(.*)""")]
    public async Task ClickPrimary(string name)
    {
        var page = await scenario.GetAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
        await Assertions.Expect(button).ToHaveClassAsync(new Regex(@"\bprimary\b"));
        await button.ClickAsync();
    }

    [When(@"I save the name ""(.*)""")]
    public async Task SaveName(string name)
    {
        var page = await scenario.GetAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Edit name" });
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(action.Named(name));
        await form.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
    }

    [Then(@"the console confirms ""(.*)""")]
    public async Task ConsoleConfirms(string text)
    {
        var page = await scenario.GetAsync();
        var notifications = page.GetByRole(AriaRole.Status, new() { Name = "Notifications" });
        // The scenario's names carry a suffix of their own (CurrentAction.Named).
        var named = action.Name is { Length: > 9 } name ? text.Replace(name[..^9], name) : text;
        await Assertions.Expect(notifications).ToContainTextAsync(named);
    }

    [Then("axe finds no serious or critical accessibility problem on it")]
    public async Task NoSeriousViolations()
    {
        var page = await scenario.GetAsync();
        var violations = await Accessibility.SeriousViolationsAsync(page);
        violations.ShouldBeEmpty($"on {page.Url}:\n{string.Join("\n", violations)}");
    }

    /// <summary>An agent with the action attached, so its page shows the action's state beside it.</summary>
    private static async Task<Guid> AgentUsingAsync(Guid actionId)
    {
        var created = await Platform.Host.Client.PostAsJsonAsync("/api/agents", new { name = "Accessible agent", description = "Uses the action" });
        var agentId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await Platform.Host.Client.PutAsync($"/api/agents/{agentId}/actions/{actionId}", null)).EnsureSuccessStatusCode();
        return agentId;
    }

    private static async Task<Guid> RunToEndAsync(Guid actionId)
    {
        var started = await Platform.Host.Client.PostAsJsonAsync($"/api/actions/{actionId}/runs", new { });
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        for (var i = 0; i < 200; i++)
        {
            var run = await Platform.Host.Client.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.GetProperty("status").GetString() is "succeeded" or "failed" or "stopped" or "rejected") break;
            await Task.Delay(50);
        }
        return runId;
    }

    private static ILocator HistoryEntries(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Changes" }).GetByRole(AriaRole.Listitem);

    private static ILocator Schedule(IPage page) => page.GetByRole(AriaRole.Form, new() { Name = "Schedule" });
}
