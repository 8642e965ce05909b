using Microsoft.Playwright;
using TechTalk.SpecFlow;

namespace Modular.E2E.Support;

/// <summary>The browser page of the current scenario, opened lazily and closed after it.</summary>
[Binding]
public sealed class ScenarioPage
{
    private IBrowserContext? _context;
    private IPage? _page;

    public async Task<IPage> GetAsync()
    {
        if (_page is not null) return _page;
        _context = await Platform.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Platform.Host.Address.ToString() });
        _context.SetDefaultTimeout(10_000);
        _page = await _context.NewPageAsync();
        return _page;
    }

    [AfterScenario]
    public async Task CloseAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
    }
}
