using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed partial class RunActionSteps(ScenarioPage scenario, CurrentAction action)
{
    private Guid? _runId;

    [Given(@"an active action ""(.*)"" with the code")]
    public async Task ActiveActionWithCode(string name, string code)
    {
        var client = Platform.Host.Client;
        var created = await ReadAsync(await client.PostAsJsonAsync("/api/actions", new
        {
            templateId = "rest.send-to-webhook",
            name = action.Named(name),
            intent = "Run it from the console",
        }));
        var id = created.GetProperty("id").GetGuid();
        action.Id = id;
        var configured = await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/configuration", new
        {
            configuration = new { url = "https://example.com/hook", payload = "{}" },
            version = Version(created),
        }));
        var published = await ReadAsync(await client.PostAsJsonAsync($"/api/actions/{id}/publish", new { version = Version(configured) }));
        var active = await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/state", new { state = "active", version = Version(published) }));
        await ReadAsync(await client.PutAsJsonAsync($"/api/actions/{id}/code", new { code, version = Version(active) }));
    }

    [When(@"I click the ""(.*)"" button in the action's menu(?: to .*)?")]
    public async Task ClickInActionMenu(string item)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Action menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Menu, new() { Name = "Action menu" }).GetByRole(AriaRole.Menuitem, new() { Name = item, Exact = true }).ClickAsync();
    }

    [When("I run the action from its menu with the input")]
    public async Task RunWithInput(string input)
    {
        await ClickInActionMenu("Run with input…");
        var page = await scenario.GetAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Run {action.Name}" });
        await dialog.GetByLabel("Input (JSON)").FillAsync(input);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Run now", Exact = true }).ClickAsync();
    }

    [Then("the run's log page opens")]
    public async Task RunLogPageOpens()
    {
        var page = await scenario.GetAsync();
        // A retrying assertion (as long as WaitForURLAsync waited): that one checks the URL, then listens, and misses a client-side navigation in between.
        await Assertions.Expect(page).ToHaveURLAsync(RunUrl(), new() { Timeout = 10_000 });
        _runId = Guid.Parse(RunUrl().Match(page.Url).Groups[1].Value);
        await page.GetByRole(AriaRole.Heading, new() { Name = $"Run of {action.Name}", Level = 1, Exact = true }).WaitForAsync();
        await Assertions.Expect(RunLog(page)).ToBeVisibleAsync();
    }

    [Then(@"the run log shows ""(.*)"" and then ""(.*)"" while the action is running")]
    public async Task LogShowsLive(string first, string second)
    {
        var page = await scenario.GetAsync();
        var log = RunLog(page);
        await Assertions.Expect(LogLine(log, first)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(Outcome(page)).ToHaveTextAsync(new Regex("^Running"));
        await Assertions.Expect(LogLine(log, second)).ToBeVisibleAsync();
        // Still going: the lines arrived while the run was running, not all at its end.
        await Assertions.Expect(Outcome(page)).ToHaveTextAsync(new Regex("^Running"));
        await Assertions.Expect(LogLine(log, "working 100")).ToHaveCountAsync(0);
    }

    [Then("the action stops where it is")]
    public async Task StopsWhereItIs()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(Outcome(page)).ToHaveTextAsync(new Regex("^Stopped by "), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true })).ToHaveCountAsync(0);
        var log = RunLog(page);
        await Assertions.Expect(log).ToContainTextAsync("Stopped by");
        await Assertions.Expect(LogLine(log, "working 100")).ToHaveCountAsync(0);

        var run = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/runs/{RequireRunId()}"));
        run.GetProperty("status").GetString().ShouldBe("stopped");
        run.GetProperty("logLines").GetInt32().ShouldBeLessThan(100);
    }

    [Then(@"the run ends ""(.*)""")]
    public async Task RunEnds(string outcome)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(Outcome(page)).ToHaveTextAsync(new Regex("^" + Regex.Escape(outcome)), new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true })).ToHaveCountAsync(0);
    }

    [Then(@"the run log shows ""([^""]*)""")]
    public async Task LogShows(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(LogLine(RunLog(page), text)).ToBeVisibleAsync();
    }

    [Then(@"the run log counts ([\d,]+) lines, fewer than (\d+) of them in the page")]
    public async Task LogCounts(string lines, int rendered)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByLabel("Log lines", new() { Exact = true })).ToHaveTextAsync($"{lines} lines");
        (await RunLog(page).GetByRole(AriaRole.Listitem).CountAsync()).ShouldBeLessThan(rendered);
    }

    [When("I scroll the run log to its top")]
    public async Task ScrollLogToTop()
    {
        var page = await scenario.GetAsync();
        await RunLog(page).EvaluateAsync("log => log.scrollTop = 0");
    }

    [Then("the run log is flooding")]
    public async Task LogIsFlooding()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByLabel("Log lines", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\d{1,3}(,\d{3})+ lines$"), new() { Timeout = 20_000 });
        await Assertions.Expect(Outcome(page)).ToHaveTextAsync(new Regex("^Running"));
    }

    [Then(@"the run lists the document ""(.*)"" whose download holds ""(.*)""")]
    public async Task DocumentListed(string name, string content)
    {
        var page = await scenario.GetAsync();
        var link = page.GetByRole(AriaRole.Region, new() { Name = "Documents" }).GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        await Assertions.Expect(link).ToBeVisibleAsync();
        var href = await link.GetAttributeAsync("href");
        href.ShouldNotBeNull();
        href.ShouldStartWith($"/api/runs/{RequireRunId()}/documents/");
        var response = await page.APIRequest.GetAsync(href);
        response.Status.ShouldBe(200);
        (await response.TextAsync()).ShouldBe(content);
    }

    [When(@"I schedule the action ""(.*)"" at ""(.*)"" in the time zone ""(.*)""")]
    public async Task ScheduleAction(string kind, string time, string timeZone)
    {
        var page = await scenario.GetAsync();
        var schedule = page.GetByRole(AriaRole.Form, new() { Name = "Schedule" });
        await schedule.ScrollIntoViewIfNeededAsync();
        await schedule.GetByLabel("Enable schedule", new() { Exact = true }).CheckAsync();
        await schedule.GetByLabel("Frequency", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = kind });
        await schedule.GetByLabel("Time", new() { Exact = true }).FillAsync(time);
        await schedule.GetByLabel("Time zone", new() { Exact = true }).FillAsync(timeZone);
    }

    [Then(@"the schedule lists (\d+) next runs at ""(.*)""")]
    public async Task ScheduleListsNextRuns(int count, string time)
    {
        var page = await scenario.GetAsync();
        var schedule = page.GetByRole(AriaRole.Form, new() { Name = "Schedule" });
        await Assertions.Expect(schedule.GetByRole(AriaRole.Status).Filter(new() { HasText = "Schedule saved." })).ToBeVisibleAsync();
        var runs = schedule.GetByRole(AriaRole.List, new() { Name = "Next runs" }).GetByRole(AriaRole.Listitem);
        await Assertions.Expect(runs).ToHaveCountAsync(count);
        foreach (var run in await runs.AllAsync()) (await run.InnerTextAsync()).ShouldContain(time);

        var saved = await ReadAsync(await Platform.Host.Client.GetAsync($"/api/actions/{action.RequireId()}/schedule"));
        saved.GetProperty("nextFireTimes").GetArrayLength().ShouldBe(count);
        saved.GetProperty("timeZone").GetString().ShouldBe("Europe/Paris");
    }

    [When(@"I open the run's document ""(.*)""")]
    public async Task OpenDocument(string name)
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.List, new() { Name = "Documents" }).GetByRole(AriaRole.Link, new() { Name = $"Open {name}", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1, Exact = true }).WaitForAsync();
    }

    [When(@"I go back to the run and open its document ""(.*)""")]
    public async Task BackAndOpen(string name)
    {
        var page = await scenario.GetAsync();
        await page.GoBackAsync();
        await OpenDocument(name);
    }

    [Then(@"the document is a table with the columns ""(.*)"" and the row ""(.*)""")]
    public async Task DocumentTable(string columns, string row)
    {
        var page = await scenario.GetAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Document" });
        await Assertions.Expect(table.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(columns.Split(", "));
        await Assertions.Expect(table.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Cell)).ToHaveTextAsync(row.Split(" | "));
    }

    [Then(@"the document reads ""(.*)""")]
    public async Task DocumentReads(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByLabel("Document", new() { Exact = true })).ToContainTextAsync(text.Replace("\\\"", "\""));
    }

    [Then(@"the document is an image of (\d+) by (\d+) pixels")]
    public async Task DocumentImage(int width, int height)
    {
        var page = await scenario.GetAsync();
        var image = page.GetByRole(AriaRole.Img, new() { Name = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync(), Exact = true });
        await Assertions.Expect(image).ToBeVisibleAsync();
        // Decoded, so served as the image it is.
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await image.ElementHandleAsync());
        (await image.EvaluateAsync<int[]>("img => [img.naturalWidth, img.naturalHeight]")).ShouldBe([width, height]);
    }

    [Then(@"the document is a PDF whose ""(.*)"" is drawn")]
    public async Task DocumentPdf(string pageName)
    {
        var page = await scenario.GetAsync();
        var canvas = page.GetByRole(AriaRole.Img, new() { Name = pageName, Exact = true });
        await Assertions.Expect(canvas).ToBeVisibleAsync();
        // The PDF's page is a blue rectangle on white: its middle is blue once PDF.js has drawn it.
        await page.WaitForFunctionAsync(
            "canvas => { const [r, g, b] = canvas.getContext('2d').getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data; return b > 150 && r < 60; }",
            await canvas.ElementHandleAsync());
    }

    private static ILocator RunLog(IPage page) => page.GetByRole(AriaRole.Log, new() { Name = "Run log" });

    private static ILocator LogLine(ILocator log, string text) =>
        log.GetByRole(AriaRole.Listitem).Filter(new() { HasTextRegex = new Regex(Regex.Escape(text) + "$") });

    private static ILocator Outcome(IPage page) => page.GetByRole(AriaRole.Status, new() { Name = "Run outcome" });

    private Guid RequireRunId() => _runId ?? throw new InvalidOperationException("The scenario has not opened a run yet.");

    private static int Version(JsonElement view) => view.GetProperty("version").GetInt32();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [GeneratedRegex(@"/runs/([0-9a-fA-F-]{36})$")]
    private static partial Regex RunUrl();
}
