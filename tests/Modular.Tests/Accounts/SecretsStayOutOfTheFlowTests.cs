using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Modular.Testing;
using Modular.Tests.Connectors;
using Modular.Tests.Runs;
using Modular.Tests.Simulators;

namespace Modular.Tests.Accounts;

/// <summary>
/// A whole flow on a host process logging at its most detailed (every connector call): an OAuth account connected,
/// used, its access token refreshed, a token account used; then neither its log, nor any answer the flow got, nor the
/// runs' events hold a secret — not the configured client secret, the entered token, or any access or refresh token
/// the simulated vendor still accepts.
/// </summary>
public sealed partial class SecretsStayOutOfTheFlowTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_host_log_the_answers_and_the_run_events_of_a_full_flow_hold_no_secret()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var simulators = await SimulatorHost.StartAsync();
        await using var host = await HostProcess.StartAsync(database.ConnectionString, new Dictionary<string, string>
        {
            ["Serilog__MinimumLevel__Default"] = "Debug",
            ["Serilog__MinimumLevel__Override__Microsoft"] = "Information",
            ["Egress__Allow__0"] = $"127.0.0.1:{simulators.Address.Port}",
            ["Connectors__hubspot__BaseUrls__auth"] = simulators.Address + "hubspot/app",
            ["Connectors__hubspot__BaseUrls__api"] = simulators.Address + "hubspot/api",
            ["Connectors__hubspot__OAuth__ClientId"] = "demo-hubspot-client",
            ["Connectors__hubspot__OAuth__ClientSecret"] = "demo-hubspot-secret",
            ["Connectors__pipes__BaseUrls__graphql"] = simulators.Address + "pipefy/graphql",
        });
        var session = await TestIdentity.SignInAsync(host.Address);
        var workspace = "ws-" + Guid.NewGuid().ToString("N")[..12];
        (await session.PostAsJsonAsync("/api/workspaces", new { id = workspace, name = "Log scan" }, Cancel)).EnsureSuccessStatusCode();
        session.DefaultRequestHeaders.Add("X-Workspace", workspace);
        var runs = new RunsClient(session);

        var started = await (await session.PostAsJsonAsync("/api/accounts/oauth/hubspot/start", new { }, Cancel)).ReadJsonAsync();
        using var browser = OAuthFlow.Client(simulators);
        var redirect = await OAuthFlow.ConsentAsync(browser, started.GetProperty("authorizeUrl").GetString()!, "Allow", "Acme (portal 1001)");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        var callback = await session.GetAsync(redirect.Headers.Location!, Cancel);
        callback.EnsureSuccessStatusCode();
        var answers = new List<string> { started.GetRawText(), await callback.Content.ReadAsStringAsync(Cancel) };
        var hubspot = (await (await session.GetAsync("/api/accounts?connector=hubspot", Cancel)).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
        var contacts = await ConnectorFlow.ActiveActionAsync(runs, "hubspot.create-contact", hubspot, new { updateExisting = true });
        var pipes = await (await session.PostAsJsonAsync("/api/accounts", new { connectorId = "pipes", method = "Bearer", name = "Pipes", values = new { token = "demo-pipefy-token" } }, Cancel)).ReadJsonAsync();
        var moves = await ConnectorFlow.ActiveActionAsync(runs, "pipes.move-card", pipes.GetProperty("id").GetString(), new { pipeId = "301101", destinationPhaseId = "302104", cardIdField = "cardId" });

        var first = await runs.WaitForEndAsync(await runs.StartRunAsync(contacts, new { email = "log-scan@example.com", firstname = "Log" }));
        (await browser.PostAsync("_simulator/hubspot/expire-access-tokens", null, Cancel)).EnsureSuccessStatusCode();
        var refreshed = await runs.WaitForEndAsync(await runs.StartRunAsync(contacts, new { email = "log-scan-2@example.com", firstname = "Scan" }));
        var moved = await runs.WaitForEndAsync(await runs.StartRunAsync(moves, new { cardId = "303103" }));

        first.GetProperty("status").GetString().ShouldBe("succeeded", first.ToString());
        refreshed.GetProperty("status").GetString().ShouldBe("succeeded", refreshed.ToString());
        moved.GetProperty("status").GetString().ShouldBe("succeeded", moved.ToString());
        answers.AddRange([pipes.GetRawText(), first.GetRawText(), refreshed.GetRawText(), moved.GetRawText()]);
        foreach (var path in new[] { "/api/accounts", $"/api/accounts/{hubspot}", $"/api/actions/{contacts}", $"/api/actions/{moves}", $"/api/actions/{contacts}/runs" })
            answers.Add(await session.GetStringAsync(path, Cancel));
        foreach (var run in new[] { first, refreshed, moved })
            answers.AddRange((await RunTests.EventsAsync(runs, run.GetProperty("id").GetGuid())).Select(e => e.GetRawText()));
        var log = string.Join("\n", host.Output);
        // The scan reads a log that has the calls in it: each connector call is a line, its URL without secrets.
        log.ShouldContain("/crm/v3/objects/contacts");
        log.ShouldContain("/pipefy/graphql");
        // The events have the calls too.
        answers.ShouldContain(a => a.Contains("/crm/v3/objects/contacts", StringComparison.Ordinal));
        var everything = log + "\n" + string.Join("\n", answers);
        everything.ShouldNotContain("demo-hubspot-secret");
        everything.ShouldNotContain("demo-pipefy-token");
        var live = new List<string>();
        foreach (var candidate in TokenLike().Matches(everything).Select(m => m.Value).Distinct())
            if (await IsLiveAsync(browser, candidate)) live.Add(candidate);
        live.ShouldBeEmpty();
        // The scan does find a token the vendor accepts, when one is there.
        var issued = await VendorCalls.HubSpotTokenAsync(browser);
        TokenLike().Matches($"Bearer {issued}.").Select(m => m.Value).ShouldBe([issued]);
        (await IsLiveAsync(browser, issued)).ShouldBeTrue();
    }

    private static async Task<bool> IsLiveAsync(HttpClient simulator, string candidate) =>
        (await simulator.GetAsync($"hubspot/api/oauth/v1/access-tokens/{candidate}", Cancel)).StatusCode == HttpStatusCode.OK
        || (await simulator.GetAsync($"hubspot/api/oauth/v1/refresh-tokens/{candidate}", Cancel)).StatusCode == HttpStatusCode.OK;

    /// <summary>What an issued token looks like (random base64url of 32 bytes or more).</summary>
    [GeneratedRegex("[A-Za-z0-9_-]{40,}")]
    private static partial Regex TokenLike();
}
