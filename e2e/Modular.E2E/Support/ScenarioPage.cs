using Microsoft.Playwright;
using Modular.Testing;
using TechTalk.SpecFlow;

namespace Modular.E2E.Support;

/// <summary>
/// The browser page of the current scenario, opened lazily and closed after it. Each scenario is
/// traced; a failed one keeps its Playwright trace and its part of the host log, and says where in
/// failures.txt (test.sh prints it).
/// </summary>
[Binding]
public sealed class ScenarioPage(ScenarioContext scenario)
{
    private IBrowserContext? _context;
    private IPage? _page;
    private long _logStart;

    [BeforeScenario]
    public void MarkLog() => _logStart = File.Exists(Platform.HostLog) ? new FileInfo(Platform.HostLog).Length : 0;

    /// <summary>The scenario's page, signed in as the seeded owner through the sign-in endpoint (the browser keeps the session cookie).</summary>
    public async Task<IPage> GetAsync()
    {
        if (_page is not null) return _page;
        var page = await GetSignedOutAsync();
        var signIn = await _context!.APIRequest.PostAsync("/api/session", new APIRequestContextOptions
        {
            DataObject = new { email = TestIdentity.OwnerEmail, password = TestIdentity.OwnerPassword },
        });
        if (!signIn.Ok) throw new InvalidOperationException($"Signing the browser in was refused: {signIn.Status} {await signIn.TextAsync()}");
        return page;
    }

    /// <summary>The scenario's page with no one signed in, for the sign-in flows themselves.</summary>
    public async Task<IPage> GetSignedOutAsync()
    {
        if (_page is not null) return _page;
        _context = await Platform.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Platform.Host.Address.ToString() });
        _context.SetDefaultTimeout(10_000);
        await _context.Tracing.StartAsync(new TracingStartOptions { Screenshots = true, Snapshots = true, Sources = false });
        _page = await _context.NewPageAsync();
        return _page;
    }

    [AfterScenario]
    public async Task CloseAsync()
    {
        var failed = scenario.TestError is not null;
        var folder = Path.Combine(Platform.Artifacts, Safe(scenario.ScenarioInfo.Title));
        if (failed) Directory.CreateDirectory(folder);
        if (_context is not null)
        {
            await _context.Tracing.StopAsync(failed ? new TracingStopOptions { Path = Path.Combine(folder, "trace.zip") } : new TracingStopOptions());
            await _context.DisposeAsync();
        }
        if (!failed) return;
        await File.WriteAllTextAsync(Path.Combine(folder, "host.log"), HostLogSinceStart());
        var trace = _context is null ? "(no page was opened)" : Path.Combine(folder, "trace.zip");
        await File.AppendAllTextAsync(Path.Combine(Platform.Artifacts, "failures.txt"),
            $"Failed: {scenario.ScenarioInfo.Title}\n  host log: {Path.Combine(folder, "host.log")}\n  browser trace: {trace} (npx playwright show-trace)\n");
    }

    private string HostLogSinceStart()
    {
        if (!File.Exists(Platform.HostLog)) return "";
        using var log = new FileStream(Platform.HostLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(Math.Min(_logStart, log.Length), SeekOrigin.Begin);
        return new StreamReader(log).ReadToEnd();
    }

    private static string Safe(string title) => string.Concat(title.Select(c => char.IsLetterOrDigit(c) ? c : '-')).Trim('-');
}
