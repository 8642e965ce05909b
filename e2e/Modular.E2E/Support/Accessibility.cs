using System.Text.Json;
using Microsoft.Playwright;
using Modular.Testing;

namespace Modular.E2E.Support;

/// <summary>
/// axe-core (web/node_modules, installed by npm ci) run in the page as it is: the violations whose
/// impact is serious or critical, each with the elements it found.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "web", "node_modules", "axe-core", "axe.min.js")));

    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated, not added as a script tag: the console's policy runs no script but its own files.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(Axe.Value);
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ')}`)
            """);
        return [.. violations.EnumerateArray().Select(v => v.GetString()!)];
    }
}
