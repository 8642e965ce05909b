using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

[Binding]
public sealed class FieldChoicesSteps(ScenarioPage scenario, CurrentAction action)
{
    [Then(@"the ""([^""]*)"" dropdown lists (.*)")]
    public async Task DropdownLists(string label, string quoted)
    {
        var choices = Regex.Matches(quoted, @"""([^""]*)""").Select(m => m.Groups[1].Value).ToArray();
        var select = await DropdownAsync(label);
        // The first option is the empty choice; the rest are read from the connected system once loaded.
        await Assertions.Expect(select.Locator("option")).ToHaveTextAsync(choices.Prepend("Choose…"));
        await Assertions.Expect(select).ToBeEnabledAsync();
        var page = await scenario.GetAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Refresh the choices of {label}", Exact = true })).ToBeEnabledAsync();
    }

    [When(@"I pick ""([^""]*)"" in the ""([^""]*)"" dropdown")]
    public async Task Pick(string choice, string label) =>
        await (await DropdownAsync(label)).SelectOptionAsync(new SelectOptionValue { Label = choice });

    [Then(@"the ""([^""]*)"" dropdown shows ""([^""]*)""")]
    public async Task DropdownShows(string label, string choice)
    {
        var select = await DropdownAsync(label);
        await Assertions.Expect(select).ToBeEnabledAsync();
        await Assertions.Expect(select.Locator("option:checked")).ToHaveTextAsync(choice);
    }

    [Then(@"the action posts to the channel ""([^""]*)""")]
    public async Task PostsToChannel(string channel)
    {
        using var response = await Platform.Host.Client.GetAsync($"/api/actions/{action.RequireId()}");
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        // The channel's id is saved, not its name: a renamed channel stays the action's.
        JsonDocument.Parse(body).RootElement.GetProperty("configuration").GetProperty("channel").GetString().ShouldBe(channel);
    }

    [Then(@"""([^""]*)"" is typed, with the hint ""([^""]*)""")]
    public async Task Typed(string label, string hint)
    {
        var page = await scenario.GetAsync();
        var input = page.GetByRole(AriaRole.Textbox, new() { NameRegex = Named(label) });
        await Assertions.Expect(input).ToBeEditableAsync();
        await Assertions.Expect(input).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(hint)));
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { NameRegex = Named(label) })).ToHaveCountAsync(0);
    }

    private async Task<ILocator> DropdownAsync(string label) =>
        (await scenario.GetAsync()).GetByRole(AriaRole.Combobox, new() { NameRegex = Named(label) });

    /// <summary>A field's accessible name: its label, which says "(required)" after it for a required field ("Sheet" is not "Spreadsheet ID").</summary>
    private static Regex Named(string label) => new($"^{Regex.Escape(label)}( \\(required\\))?$");
}
