using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Modular.Bench;

/// <summary>
/// Part 6: the console in a real Chromium (headless, loopback): the first page's load and the bytes it
/// downloads, opening the page of a run with 35,000 log lines, and Stop's click-to-stopped time while a
/// run logs 2,000 lines a second. The browser sends the bench's API key on every request.
/// </summary>
public static partial class ConsoleBenchmark
{
    private const string Flood = """
        for (let i = 1; ; i++) { const ms = Date.now(); while (Date.now() === ms) {} log("flood " + i); log("flood " + i + " again"); }
        """;

    public static async Task RunAsync(Api api, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        Console.WriteLine($"[6] console in Chromium: first page, a run page of {o.LogLines:N0} log lines, Stop under a 2,000 lines/s log");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MODULAR_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var headers = new Dictionary<string, string>();
        if (Environment.GetEnvironmentVariable("MODULAR_API_KEY") is { Length: > 0 } key) headers["Authorization"] = "Bearer " + key;

        await FirstPageAsync(browser, api, headers, report);
        await LongLogAsync(browser, api, headers, o, report, cancellationToken);
        await StopUnderFloodAsync(browser, api, headers, report, cancellationToken);
    }

    private static async Task<IPage> NewPageAsync(IBrowser browser, Api api, Dictionary<string, string> headers)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = api.BaseUrl, ExtraHTTPHeaders = headers });
        context.SetDefaultTimeout(120_000);
        return await context.NewPageAsync();
    }

    private static async Task FirstPageAsync(IBrowser browser, Api api, Dictionary<string, string> headers, Report report)
    {
        var page = await NewPageAsync(browser, api, headers);
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response);
        var watch = Stopwatch.StartNew();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Home", Level = 1, Exact = true }).WaitForAsync();
        var loaded = watch.Elapsed.TotalMilliseconds;
        // Its queries too; then the list no longer grows.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var answers = responses.ToArray();
        long script = 0, all = 0;
        foreach (var response in answers)
        {
            var sizes = await response.Request.SizesAsync();
            all += sizes.ResponseBodySize;
            if (response.Url.EndsWith(".js", StringComparison.Ordinal)) script += sizes.ResponseBodySize;
        }
        report.Add("6 first page load", $"{Stats.F(loaded)} ms to the home page's heading; downloaded {KiB(all)} in {answers.Length} answers, of which JavaScript {KiB(script)} (as sent, compressed or not)");
        await page.Context.CloseAsync();
    }

    private static async Task LongLogAsync(IBrowser browser, Api api, Dictionary<string, string> headers, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        var actionId = await api.CreateActiveActionAsync($"bench-long-log-{Guid.NewGuid():N}", $"for (let i = 1; i <= {o.LogLines}; i++) log('line ' + i);", cancellationToken);
        var started = await api.ExpectAsync(HttpMethod.Post, $"/api/actions/{actionId}/runs", null, HttpStatusCode.Accepted, "manual run", cancellationToken);
        var runId = started["runId"]!.GetValue<Guid>();
        var end = Stopwatch.StartNew();
        while ((await api.GetRunAsync(runId, cancellationToken))["status"]?.GetValue<string>() is "queued" or "running")
        {
            if (end.Elapsed > TimeSpan.FromMinutes(2)) throw new BenchFailure("the long-log run did not end within 2 minutes");
            await Task.Delay(100, cancellationToken);
        }
        var lines = (await api.GetRunAsync(runId, cancellationToken))["logLines"]!.GetValue<int>();

        var page = await NewPageAsync(browser, api, headers);
        var watch = Stopwatch.StartNew();
        await page.GotoAsync($"/runs/{runId}");
        await page.GetByRole(AriaRole.Log, new() { Name = "Run log" }).GetByText(SucceededLine()).WaitForAsync();
        var opened = watch.Elapsed.TotalMilliseconds;
        var rendered = await page.GetByRole(AriaRole.Log, new() { Name = "Run log" }).GetByRole(AriaRole.Listitem).CountAsync();
        report.Add("6 run page with a long log", $"{Stats.F(opened)} ms from opening the page to its last line on screen ({lines:N0} log lines; {rendered} lines in the page)");
        await page.Context.CloseAsync();
    }

    private static async Task StopUnderFloodAsync(IBrowser browser, Api api, Dictionary<string, string> headers, Report report, CancellationToken cancellationToken)
    {
        var actionId = await api.CreateActiveActionAsync($"bench-flood-{Guid.NewGuid():N}", Flood, cancellationToken);
        await api.ExpectAsync(HttpMethod.Put, $"/api/actions/{actionId}/run-settings",
            new { timeoutSeconds = 120, maxStatements = int.MaxValue }, HttpStatusCode.OK, "run settings", cancellationToken);
        var times = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var started = await api.ExpectAsync(HttpMethod.Post, $"/api/actions/{actionId}/runs", null, HttpStatusCode.Accepted, "manual run", cancellationToken);
            var runId = started["runId"]!.GetValue<Guid>();
            var page = await NewPageAsync(browser, api, headers);
            await page.GotoAsync($"/runs/{runId}");
            // Two seconds of flood on screen first: about 4,000 lines.
            await page.WaitForFunctionAsync("() => Number(document.querySelector('[aria-label=\"Log lines\"]')?.textContent?.replace(/\\D/g, '')) >= 4000",
                null, new() { PollingInterval = 50 });
            var watch = Stopwatch.StartNew();
            try
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Stop", Exact = true }).ClickAsync(new() { Timeout = 30_000 });
                await page.GetByRole(AriaRole.Status, new() { Name = "Run outcome" }).GetByText(new Regex("^Stopped by ")).WaitForAsync(new() { Timeout = 30_000 });
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                times.Add(double.NaN);
                await api.SendAsync(HttpMethod.Post, $"/api/runs/{runId}/stop", null, cancellationToken);
            }
            await page.Context.CloseAsync();
        }
        report.Add("6 Stop under a 2,000 lines/s log", $"click to 'Stopped' on the page: {string.Join(", ", times.Select(t => double.IsNaN(t) ? "not done within 30 s" : Stats.F(t) + " ms"))}");
    }

    private static string KiB(long bytes) => $"{Stats.F(bytes / 1024.0)} KiB";

    [GeneratedRegex("^Succeeded in ")]
    private static partial Regex SucceededLine();
}
