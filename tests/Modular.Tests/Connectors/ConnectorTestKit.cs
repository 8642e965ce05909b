using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Modular.Tests.Runs;
using Modular.Tests.Simulators;

namespace Modular.Tests.Connectors;

/// <summary>
/// What the connector tests do through the platform's API, as the console does: connect an account, create an action
/// from a template, configure, publish and activate it, run it; and what they ask the simulators directly.
/// </summary>
public sealed partial class ConnectorTestKit(PlatformFixture platform, HttpClient client)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public HttpClient Client => client;
    public RunsClient Runs { get; } = new(client);
    public Uri Simulators => platform.Host.Simulators.Address;

    public static async Task<ConnectorTestKit> StartAsync(PlatformFixture platform) => new(platform, await platform.NewWorkspaceClientAsync());

    /// <summary><c>POST /api/accounts</c> with a token (and the other fields) of a bearer method: the answer, whatever its status.</summary>
    public Task<HttpResponseMessage> PostTokenAccountAsync(string connectorId, object values, string name = "Test account") =>
        client.PostAsJsonAsync("/api/accounts", new { connectorId, method = "Bearer", name, values }, Cancel);

    public async Task<string> ConnectTokenAccountAsync(string connectorId, object values, string name = "Test account")
    {
        var response = await PostTokenAccountAsync(connectorId, values, name);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>Connects through the connector's consent pop-up at the simulator, choosing <paramref name="identity"/>: the new account's id.</summary>
    public async Task<string> ConnectOAuthAccountAsync(string connectorId, string identity)
    {
        var started = await (await client.PostAsJsonAsync($"/api/accounts/oauth/{connectorId}/start", new { }, Cancel)).ReadJsonAsync();
        using var browser = OAuthFlow.Client(platform.Host.Simulators);
        var redirect = await OAuthFlow.ConsentAsync(browser, started.GetProperty("authorizeUrl").GetString()!, "Allow", identity);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        var page = await client.GetAsync(redirect.Headers.Location!, Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return AccountIdInPage().Match(html).Groups[1].Value;
    }

    [GeneratedRegex("\"accountId\":\"([0-9a-f]{32})\"")]
    private static partial Regex AccountIdInPage();

    /// <summary>An action from <paramref name="templateId"/> with the account, configured, published and active: its id.</summary>
    public async Task<Guid> ActiveActionAsync(string templateId, string accountId, object configuration, object? intentFields = null, string intent = "Test the connector")
    {
        var created = await (await client.PostAsJsonAsync("/api/actions", new
        {
            templateId,
            name = templateId,
            intent,
            intentFields = intentFields ?? new { },
            accountId,
        }, Cancel)).ReadJsonAsync();
        var id = created.GetProperty("id").GetGuid();
        var configured = await (await Runs.Actions.ConfigureAsync(id, created.GetProperty("version").GetInt32(), configuration)).ReadJsonAsync();
        var published = await (await Runs.Actions.PublishAsync(id, configured.GetProperty("version").GetInt32())).ReadJsonAsync();
        (await Runs.Actions.PutAsync(id, "state", new { state = "active", version = published.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>Replaces the action's code, keeping its configuration block.</summary>
    public async Task EditCodeAsync(Guid actionId, Func<string, string> edit)
    {
        var action = await Runs.Actions.GetJsonAsync(actionId);
        var code = edit(action.GetProperty("code").GetString()!);
        (await Runs.Actions.PutAsync(actionId, "code", new { code, version = action.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
    }

    /// <summary>Runs the action with <paramref name="input"/> to its end: the run.</summary>
    public async Task<JsonElement> RunAsync(Guid actionId, object? input = null) =>
        await Runs.WaitForEndAsync(await Runs.StartRunAsync(actionId, input));

    public Task<List<JsonElement>> EventsAsync(Guid runId) => RunTests.EventsAsync(Runs, runId);

    public static Guid IdOf(JsonElement run) => run.GetProperty("id").GetGuid();

    /// <summary>A client of the simulators' API as a vendor's client would call it, with the vendor's static token.</summary>
    public HttpClient Vendor(string token)
    {
        var http = new HttpClient { BaseAddress = Simulators };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>How many requests the simulated <paramref name="vendor"/> received on paths containing <paramref name="pathContains"/> (its test-only request log).</summary>
    public async Task<int> VendorRequestsAsync(string vendor, string pathContains)
    {
        using var http = new HttpClient { BaseAddress = Simulators };
        var answer = JsonNode.Parse(await http.GetStringAsync($"_simulator/requests?vendor={vendor}&pathContains={Uri.EscapeDataString(pathContains)}&take=2000", Cancel));
        return answer!["requests"]!.AsArray().Count;
    }

    /// <summary>Enables the action's webhook: its URL.</summary>
    public async Task<string> EnableWebhookAsync(Guid actionId) =>
        (await (await client.PutAsJsonAsync($"/api/actions/{actionId}/webhook", new { enabled = true }, Cancel)).ReadJsonAsync()).GetProperty("url").GetString()!;

    /// <summary>The messages the script logged, after the host's lines about its calls.</summary>
    public async Task<List<string>> LogsAsync(Guid runId) =>
        [.. (await EventsAsync(runId)).Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString()!)];

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
