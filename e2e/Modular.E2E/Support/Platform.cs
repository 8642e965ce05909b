using Microsoft.Playwright;
using Modular.Testing;
using TechTalk.SpecFlow;

namespace Modular.E2E.Support;

/// <summary>One real host and one headless Chromium for the whole run; each scenario gets a fresh page.</summary>
[Binding]
public sealed class Platform
{
    private static IPlaywright? _playwright;

    public static PlatformHost Host { get; private set; } = null!;
    public static IBrowser Browser { get; private set; } = null!;

    /// <summary>Where a failed scenario's host log and browser trace are kept (test.sh sets it; TestResults/e2e otherwise).</summary>
    public static string Artifacts { get; } = Environment.GetEnvironmentVariable("MODULAR_E2E_ARTIFACTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(RepositoryPaths.Root, "TestResults", "e2e");

    /// <summary>The host's whole log (Information and up), written as it goes; each failed scenario gets its own part of it.</summary>
    public static string HostLog => Path.Combine(Artifacts, "host.log");

    [BeforeTestRun]
    public static async Task StartAsync()
    {
        Directory.CreateDirectory(Artifacts);
        Host = await PlatformHost.StartAsync(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:WriteTo:0:Name"] = "File",
            ["Serilog:WriteTo:0:Args:path"] = HostLog,
            ["Serilog:WriteTo:0:Args:outputTemplate"] = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MODULAR_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [AfterTestRun]
    public static async Task StopAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }
}
