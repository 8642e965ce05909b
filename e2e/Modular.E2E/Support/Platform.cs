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

    [BeforeTestRun]
    public static async Task StartAsync()
    {
        Host = await PlatformHost.StartAsync();
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
