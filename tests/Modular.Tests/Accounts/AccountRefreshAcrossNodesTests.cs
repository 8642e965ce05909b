using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;
using Modular.Tests.Connectors;
using Modular.Tests.Runs;
using Modular.Tests.Simulators;

namespace Modular.Tests.Accounts;

/// <summary>
/// Runs on two nodes that meet one account's refused access token together: the vendor sees one refresh, and every
/// run goes on with the token it gave.
/// </summary>
public sealed class AccountRefreshAcrossNodesTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refreshes_of_one_account_on_two_nodes_collapse_into_one()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var simulators = await SimulatorHost.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Egress__Allow__0"] = $"127.0.0.1:{simulators.Address.Port}",
            ["Connectors__hubspot__BaseUrls__auth"] = simulators.Address + "hubspot/app",
            ["Connectors__hubspot__BaseUrls__api"] = simulators.Address + "hubspot/api",
            ["Connectors__hubspot__OAuth__ClientId"] = "demo-hubspot-client",
            ["Connectors__hubspot__OAuth__ClientSecret"] = "demo-hubspot-secret",
        };
        await using var first = await HostProcess.StartAsync(database.ConnectionString, settings);
        await using var second = await HostProcess.StartAsync(database.ConnectionString, settings);
        var workspace = "ws-" + Guid.NewGuid().ToString("N")[..12];
        var onFirst = await TestIdentity.SignInAsync(first.Address);
        (await onFirst.PostAsJsonAsync("/api/workspaces", new { id = workspace, name = "Two nodes" }, Cancel)).EnsureSuccessStatusCode();
        var onSecond = await TestIdentity.SignInAsync(second.Address);
        foreach (var session in new[] { onFirst, onSecond }) session.DefaultRequestHeaders.Add("X-Workspace", workspace);

        var started = await (await onFirst.PostAsJsonAsync("/api/accounts/oauth/hubspot/start", new { }, Cancel)).ReadJsonAsync();
        using var browser = OAuthFlow.Client(simulators);
        var redirect = await OAuthFlow.ConsentAsync(browser, started.GetProperty("authorizeUrl").GetString()!, "Allow", "Acme (portal 1001)");
        redirect.StatusCode.ShouldBe(HttpStatusCode.Found);
        (await onFirst.GetAsync(redirect.Headers.Location!, Cancel)).EnsureSuccessStatusCode();
        var account = (await (await onFirst.GetAsync("/api/accounts?connector=hubspot", Cancel)).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
        var runsOnFirst = new RunsClient(onFirst);
        var runsOnSecond = new RunsClient(onSecond);
        var contacts = await ConnectorFlow.ActiveActionAsync(runsOnFirst, "hubspot.create-contact", account, new { updateExisting = true });
        // A first run on each node, so that neither is still starting its sandbox when the token is refused.
        foreach (var client in new[] { runsOnFirst, runsOnSecond })
            (await client.WaitForEndAsync(await client.StartRunAsync(contacts, new { email = "nodes-0@example.com" })))
                .GetProperty("status").GetString().ShouldBe("succeeded");

        // The vendor refuses the stored access token from now on, and takes its time over the refresh, so that runs on
        // both nodes meet the refusal while the first refresh is still under way.
        (await browser.PostAsync("_simulator/hubspot/expire-access-tokens", null, Cancel)).EnsureSuccessStatusCode();
        (await browser.PostAsJsonAsync("_simulator/faults", new { vendor = "hubspot", pathContains = "/oauth/v1/token", method = "POST", kind = "slow", delayMs = 2000, count = 1 }, Cancel))
            .EnsureSuccessStatusCode();
        (await browser.DeleteAsync("_simulator/requests", Cancel)).EnsureSuccessStatusCode();
        var runs = await Task.WhenAll(Enumerable.Range(1, 12).Select(async i =>
        {
            var client = i % 2 == 0 ? runsOnFirst : runsOnSecond;
            var run = await client.WaitForEndAsync(await client.StartRunAsync(contacts, new { email = $"nodes-{i}@example.com" }));
            return (Run: run, Events: await RunTests.EventsAsync(client, run.GetProperty("id").GetGuid()));
        }));

        foreach (var (run, _) in runs) run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var refusedOn = runs.Where(r => ConnectorFlow.Logs(r.Events).Any(line => line.Contains("refreshing the account's access token", StringComparison.Ordinal)))
            .Select(r => r.Run.GetProperty("node").GetString()).Distinct().ToList();
        refusedOn.Count.ShouldBe(2, "runs on both nodes met the refused token");
        var log = await (await browser.GetAsync("_simulator/requests?vendor=hubspot&pathContains=/oauth/v1/token&take=100", Cancel)).ReadJsonAsync();
        log.GetProperty("requests").EnumerateArray().Count(r => r.GetProperty("method").GetString() == "POST").ShouldBe(1, log.ToString());
        var stored = await (await onSecond.GetAsync($"/api/accounts/{account}", Cancel)).ReadJsonAsync();
        stored.GetProperty("status").GetString().ShouldBe("connected");
    }
}
