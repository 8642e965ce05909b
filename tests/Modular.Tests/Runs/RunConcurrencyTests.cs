using System.Net.Http.Json;
using Modular.Testing;

namespace Modular.Tests.Runs;

/// <summary>A node of its own, with one run per action and two in all: runs over the limits wait, queued and visible.</summary>
public sealed class RunConcurrencyTests : IAsyncLifetime
{
    private PlatformHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await PlatformHost.StartAsync(new Dictionary<string, string?>
        {
            ["Runs:MaxConcurrentRunsPerAction"] = "1",
            ["Runs:MaxConcurrentRuns"] = "2",
            // Its scripts spin until stopped: the administrator lets actions lift the statement limit.
            ["Runs:Ceilings:MaxStatements"] = int.MaxValue.ToString(),
        });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Runs_over_the_limits_wait_queued_and_a_waiting_run_holds_no_slot_and_stops_at_once()
    {
        var runs = new RunsClient(await WorkspaceClientAsync());
        var busy = await LoopingActionAsync(runs);
        var other = await LoopingActionAsync(runs);
        var quick = await runs.ActiveActionAsync("log('quick');");

        var first = await runs.StartRunAsync(busy);
        (await runs.WaitForStatusAsync(first, "running")).GetProperty("status").GetString().ShouldBe("running");
        var second = await runs.StartRunAsync(busy);
        // The second run of the busy action waits for its action, holding nothing another action could use.
        var otherRun = await runs.StartRunAsync(other);
        (await runs.WaitForStatusAsync(otherRun, "running")).GetProperty("status").GetString().ShouldBe("running");
        // Both of the node's slots are taken now: a run of a third action waits too.
        var quickRun = await runs.StartRunAsync(quick);
        await Task.Delay(500, Cancel);
        (await runs.GetAsync(second)).GetProperty("status").GetString().ShouldBe("queued");
        (await runs.GetAsync(quickRun)).GetProperty("status").GetString().ShouldBe("queued");

        // A waiting run that is stopped ends at once; the run ahead of it goes on.
        await StopAsync(runs, second);
        (await runs.WaitForEndAsync(second)).GetProperty("status").GetString().ShouldBe("stopped");
        (await runs.GetAsync(first)).GetProperty("status").GetString().ShouldBe("running");

        // A slot set free goes to the run waiting for one.
        await StopAsync(runs, otherRun);
        (await runs.WaitForEndAsync(quickRun)).GetProperty("status").GetString().ShouldBe("succeeded");
        await StopAsync(runs, first);
        (await runs.WaitForEndAsync(first)).GetProperty("status").GetString().ShouldBe("stopped");
    }

    private Task<HttpClient> WorkspaceClientAsync() => _host.NewWorkspaceClientAsync("Concurrency");

    /// <summary>An action whose runs loop until stopped (its statement budget lifted).</summary>
    private static async Task<Guid> LoopingActionAsync(RunsClient runs)
    {
        var action = await runs.ActiveActionAsync("while (true) {}");
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 120, maxStatements = int.MaxValue }, Cancel))
            .EnsureSuccessStatusCode();
        return action;
    }

    private static async Task StopAsync(RunsClient runs, Guid runId) =>
        (await runs.Http.PostAsync($"/api/runs/{runId}/stop", null, Cancel)).EnsureSuccessStatusCode();
}
