using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Modular.Tests.Runs;
using Modular.Tests.Simulators;

namespace Modular.Tests.Connectors;

/// <summary>What a user does to use a connector: connect its account through the vendor's consent page, make an action from a template, run it.</summary>
public static partial class ConnectorFlow
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Connects an OAuth account of <paramref name="connectorId"/> as <paramref name="identity"/> at the simulator; its id.</summary>
    public static async Task<string> ConnectOAuthAsync(PlatformFixture platform, HttpClient session, string connectorId, string identity)
    {
        var started = await (await session.PostAsJsonAsync($"/api/accounts/oauth/{connectorId}/start", new { }, Cancel)).ReadJsonAsync();
        using var browser = OAuthFlow.Client(platform.Host.Simulators);
        var redirect = await OAuthFlow.ConsentAsync(browser, started.GetProperty("authorizeUrl").GetString()!, "Allow", identity);
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        var html = await (await session.GetAsync(redirect.Headers.Location!, Cancel)).Content.ReadAsStringAsync(Cancel);
        var id = AccountId().Match(html).Groups[1].Value;
        id.ShouldNotBeEmpty(html);
        return id;
    }

    /// <summary>An active action made from <paramref name="templateId"/>, connected to the account and configured.</summary>
    public static async Task<Guid> ActiveActionAsync(RunsClient runs, string templateId, string? accountId, object configuration, object? intentFields = null)
    {
        var created = await runs.Actions.CreateAsync(new { templateId, name = templateId, intent = "Test " + templateId, intentFields = intentFields ?? new { }, accountId });
        var action = await created.ReadJsonAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Created, action.ToString());
        var id = action.GetProperty("id").GetGuid();
        var configured = await runs.Actions.ConfigureAsync(id, action.GetProperty("version").GetInt32(), configuration);
        var version = (await configured.ReadJsonAsync()).GetProperty("version").GetInt32();
        var published = await (await runs.Actions.PublishAsync(id, version)).ReadJsonAsync();
        (await runs.Actions.PutAsync(id, "state", new { state = "active", version = published.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
        return id;
    }

    public static async Task<(JsonElement Run, List<JsonElement> Events)> RunAsync(RunsClient runs, Guid actionId, object? input = null)
    {
        var run = await runs.WaitForEndAsync(await runs.StartRunAsync(actionId, input));
        return (run, await RunTests.EventsAsync(runs, run.GetProperty("id").GetGuid()));
    }

    public static List<string> Logs(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString()!)];

    [GeneratedRegex("\"accountId\":\"([0-9a-f]{32})\"")]
    private static partial Regex AccountId();
}
