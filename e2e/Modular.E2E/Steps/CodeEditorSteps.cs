using Microsoft.Playwright;
using Modular.E2E.Support;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

/// <summary>The action's code in the CodeMirror editor: typing, its completion offers and its hover help.</summary>
[Binding]
public sealed class CodeEditorSteps(ScenarioPage scenario)
{
    private bool _cleared;

    [When(@"I type in the code editor ""(.*)""( and a new line)?")]
    public async Task Type(string text, string newLine)
    {
        var page = await scenario.GetAsync();
        if (!_cleared)
        {
            // A new script, not the old one with more; later text goes on where the cursor is.
            await Editor(page).ClickAsync();
            await page.Keyboard.PressAsync("Control+A");
            await page.Keyboard.PressAsync("Delete");
            _cleared = true;
        }
        await page.Keyboard.TypeAsync(text);
        if (newLine.Length > 0) await page.Keyboard.PressAsync("Enter");
    }

    [Then(@"the editor offers ""(.*)"" as ""(.*)""")]
    public async Task Offers(string name, string signature)
    {
        var page = await scenario.GetAsync();
        var offer = Offers(page).GetByRole(AriaRole.Option).Filter(new() { HasText = name });
        await Assertions.Expect(offer).ToContainTextAsync(signature);
    }

    [When(@"I take ""(.*)"" from the editor's offers")]
    public async Task Pick(string name)
    {
        var page = await scenario.GetAsync();
        // As a typist does: the offer is the selected one, Enter takes it.
        await Assertions.Expect(Offers(page).GetByRole(AriaRole.Option, new() { Selected = true })).ToContainTextAsync(name);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(Offers(page)).ToHaveCountAsync(0);
    }

    [When(@"I point at ""(.*)"" in the code editor")]
    public async Task PointAt(string name)
    {
        var page = await scenario.GetAsync();
        // Names are plain text inside the editor's lines: find the word's box, then move the mouse onto it.
        var point = await Editor(page).EvaluateAsync<float[]>("""
            (content, name) => {
              // The editor may keep a word in several text nodes: find it in their joined text.
              const nodes = [], starts = [];
              let text = '';
              const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push(node); starts.push(text.length); text += node.textContent; }
              const at = text.indexOf(name);
              if (at < 0) return null;
              const locate = offset => { let i = starts.length - 1; while (starts[i] > offset) i--; return [nodes[i], offset - starts[i]]; };
              const range = document.createRange();
              range.setStart(...locate(at));
              range.setEnd(...locate(at + name.length - 1));
              const box = range.getBoundingClientRect();
              return [box.x + box.width / 2, box.y + box.height / 2];
            }
            """, name);
        await page.Mouse.MoveAsync(point[0], point[1]);
    }

    [Then(@"the editor explains ""(.*)""")]
    public async Task Explains(string text)
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.Locator(".cm-tooltip-hover")).ToContainTextAsync(text);
    }

    private static ILocator Editor(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true });

    private static ILocator Offers(IPage page) => page.GetByRole(AriaRole.Listbox);
}
