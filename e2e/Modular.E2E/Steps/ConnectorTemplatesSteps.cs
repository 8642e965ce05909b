using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

/// <summary>
/// What a template's run changed in the connected system, read from the simulated vendor's own API with the
/// demo tenant's static token (the same tenant the scenario's account was connected to).
/// </summary>
[Binding]
public sealed class ConnectorTemplatesSteps(ScenarioPage scenario)
{
    private const string SalesPipe = "301101";
    private readonly Dictionary<string, string> _cards = [];

    [When(@"I choose to run the action when ""([^""]*)"" in the pipe ""([^""]*)""")]
    public async Task RunOnEvents(string eventName, string pipe)
    {
        var page = await scenario.GetAsync();
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Run on events" });
        var form = section.GetByRole(AriaRole.Form, new() { Name = "Run on events" });
        var pipes = form.GetByRole(AriaRole.Combobox, new() { NameRegex = new Regex("^Pipe") });
        await Assertions.Expect(pipes).ToBeEnabledAsync();
        await pipes.SelectOptionAsync(new SelectOptionValue { Label = pipe });
        foreach (var box in await form.GetByRole(AriaRole.Checkbox).AllAsync())
            await box.SetCheckedAsync(await box.EvaluateAsync<string>("b => b.parentElement.textContent.trim()") == eventName);
        await form.GetByRole(AriaRole.Button, new() { Name = "Run on these events", Exact = true }).ClickAsync();
        await Assertions.Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("The action now runs on these events.");
    }

    [Then(@"the action says it runs when ""([^""]*)""")]
    public async Task SaysItRunsWhen(string what)
    {
        var page = await scenario.GetAsync();
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Run on events" });
        await Assertions.Expect(section).ToContainTextAsync($"Runs when {what}");
        await Assertions.Expect(section.GetByRole(AriaRole.Button, new() { Name = "Stop running on events", Exact = true })).ToBeEnabledAsync();
    }

    [When(@"a card ""([^""]*)"" is created in the Sales pipeline of Pipefy")]
    public async Task CardCreated(string title)
    {
        var answer = await VendorAsync("demo-pipefy-token", HttpMethod.Post, "pipefy/graphql", new
        {
            query = "mutation($input: CreateCardInput!) { createCard(input: $input) { card { id } } }",
            variables = new { input = new { pipe_id = SalesPipe, title, fields_attributes = new[] { new { field_id = "customer_name", field_value = title } } } },
        });
        _cards[title] = answer.GetProperty("data").GetProperty("createCard").GetProperty("card").GetProperty("id").GetString()!;
    }

    [Then(@"the card ""([^""]*)"" moves to the phase ""([^""]*)""")]
    public async Task CardMoves(string title, string phase)
    {
        // Pipefy announces the card after its answer, and the action's run moves it a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string current;
        while ((current = await PhaseOfAsync(_cards[title])) != phase && DateTime.UtcNow < deadline) await Task.Delay(200);
        current.ShouldBe(phase);
    }

    private static async Task<string> PhaseOfAsync(string cardId)
    {
        var answer = await VendorAsync("demo-pipefy-token", HttpMethod.Post, "pipefy/graphql",
            new { query = "query($id: ID!) { card(id: $id) { current_phase { name } } }", variables = new { id = cardId } });
        return answer.GetProperty("data").GetProperty("card").GetProperty("current_phase").GetProperty("name").GetString()!;
    }

    /// <param name="account">The vendor's account id of the grants (a Google user's id, a HubSpot portal, a Slack team).</param>
    [When(@"(Google|HubSpot|Slack) revokes every grant of the account ""([^""]*)""")]
    public async Task VendorRevokes(string vendor, string account)
    {
        using var http = new HttpClient { BaseAddress = Platform.Host.Simulators.Address };
        using var response = await http.PostAsync($"_simulator/{vendor.ToLowerInvariant()}/revoke-all?account={Uri.EscapeDataString(account)}", null);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    [Then(@"HubSpot has the contact ""([^""]*)"" named ""([^""]*)""")]
    public async Task HubSpotHasContact(string email, string name)
    {
        var contact = await VendorAsync("demo-hubspot-token", HttpMethod.Get,
            $"hubspot/api/crm/v3/objects/contacts/{Uri.EscapeDataString(email)}?idProperty=email&properties=email,firstname,lastname");
        var properties = contact.GetProperty("properties");
        $"{properties.GetProperty("firstname").GetString()} {properties.GetProperty("lastname").GetString()}".ShouldBe(name);
    }

    [Then(@"the Slack channel ""([^""]*)"" shows the message ""([^""]*)""")]
    public async Task SlackChannelShows(string channel, string text)
    {
        var history = await VendorAsync("xoxb-demo-token", HttpMethod.Get, $"slack/api/conversations.history?channel={channel}&limit=10");
        history.GetProperty("ok").GetBoolean().ShouldBeTrue(history.ToString());
        history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ShouldContain(text);
    }

    [Then(@"the sheet ""([^""]*)"" of the spreadsheet ""([^""]*)"" ends with the row (.*)")]
    public async Task SheetEndsWith(string sheet, string spreadsheetId, string quoted)
    {
        var cells = Regex.Matches(quoted, @"""([^""]*)""").Select(m => m.Groups[1].Value).ToArray();
        var values = await VendorAsync("demo-google-token", HttpMethod.Get, $"google/sheets/v4/spreadsheets/{spreadsheetId}/values/{Uri.EscapeDataString(sheet)}");
        var last = values.GetProperty("values").EnumerateArray().Last();
        last.EnumerateArray().Select(c => c.GetString()).ShouldBe(cells);
    }

    [Then(@"Wati has sent the template ""([^""]*)"" to ""([^""]*)""")]
    public async Task WatiHasSent(string template, string number)
    {
        var messages = await VendorAsync("demo-wati-token", HttpMethod.Get, $"wati/1001/api/v1/getMessages/{number}?pageSize=5");
        // Newest first: the run's message is the last one sent to the number.
        messages.GetProperty("messages").GetProperty("items")[0].GetProperty("templateName").GetString().ShouldBe(template);
    }

    [Then(@"the Pipes card ""([^""]*)"" is in the phase ""([^""]*)""")]
    public async Task PipesCardIn(string cardId, string phase)
    {
        var answer = await VendorAsync("demo-pipefy-token", HttpMethod.Post, "pipefy/graphql",
            new { query = "query($id: ID!) { card(id: $id) { current_phase { name } } }", variables = new { id = cardId } });
        answer.GetProperty("data").GetProperty("card").GetProperty("current_phase").GetProperty("name").GetString().ShouldBe(phase);
    }

    private static async Task<JsonElement> VendorAsync(string token, HttpMethod method, string path, object? body = null)
    {
        using var http = new HttpClient { BaseAddress = Platform.Host.Simulators.Address };
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
