using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Runs;

/// <summary>Real host processes on one database: killed without warning, and side by side.</summary>
public sealed class DurabilityTests : IAsyncLifetime
{
    // A dead node's accepted work moves to a live one within seconds instead of Wolverine's default minutes.
    private static readonly Dictionary<string, string> FastRecovery = new()
    {
        ["Durability__StaleNodeTimeout"] = "00:00:03",
        ["Durability__HealthCheckPollingTime"] = "00:00:01",
        ["Durability__NodeReassignmentPollingTime"] = "00:00:01",
    };

    private const string SlowScript = """
        for (let i = 1; i <= 12; i++) {
          const until = Date.now() + 250;
          while (Date.now() < until) {}
          log("step " + i);
        }
        """;

    private TestDatabase _database = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private Task<HostProcess> Node() => HostProcess.StartAsync(_database.ConnectionString, FastRecovery);

    [Fact]
    public async Task A_run_accepted_by_a_node_that_dies_still_happens_exactly_once_on_another()
    {
        Guid runId;
        await using (var doomed = await Node())
        {
            var runs = new RunsClient(doomed.Client);
            var action = await runs.ActiveActionAsync(SlowScript, "Survives crashes");
            (await doomed.Client.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { onNodeLost = "retry" }, Cancel)).EnsureSuccessStatusCode();
            var webhook = await (await doomed.Client.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true }, Cancel)).ReadJsonAsync();
            var accepted = await doomed.Client.PostAsJsonAsync(webhook.GetProperty("url").GetString(), new { order = 42 }, Cancel);
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            runId = (await accepted.ReadJsonAsync()).GetProperty("runId").GetGuid();
            await runs.WaitForStatusAsync(runId, "running");
            doomed.Kill();
        }

        await using var survivor = await Node();
        var run = await new RunsClient(survivor.Client).WaitForEndAsync(runId);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        run.GetProperty("attempts").GetInt32().ShouldBe(2);
        var events = await RunTests.EventsAsync(new RunsClient(survivor.Client), runId);
        events.Count(e => e.GetProperty("type").GetString() == "RunSucceeded").ShouldBe(1);
        events.Count(e => e.GetProperty("type").GetString() == "RunQueued").ShouldBe(1);
    }

    [Fact]
    public async Task A_run_in_flight_on_a_lost_node_is_marked_failed_by_default_never_left_running()
    {
        Guid runId;
        await using (var doomed = await Node())
        {
            var runs = new RunsClient(doomed.Client);
            runId = await runs.StartRunAsync(await runs.ActiveActionAsync(SlowScript, "Fails on loss"));
            await runs.WaitForStatusAsync(runId, "running");
            doomed.Kill();
        }

        await using var survivor = await Node();
        var run = await new RunsClient(survivor.Client).WaitForEndAsync(runId);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("was lost");
    }

    [Fact]
    public async Task Two_nodes_on_one_database_run_each_trigger_once_and_stop_runs_on_each_other()
    {
        await using var first = await Node();
        await using var second = await Node();
        var runs = new RunsClient(first.Client);
        var quick = await runs.ActiveActionAsync("log('done');", "Quick");
        var webhook = await (await first.Client.PutAsJsonAsync($"/api/actions/{quick}/webhook", new { enabled = true }, Cancel)).ReadJsonAsync();
        var path = new Uri(webhook.GetProperty("url").GetString()!).AbsolutePath;

        var accepted = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var node = i % 2 == 0 ? first : second;
            var response = await node.Client.PostAsJsonAsync(path, new { i }, Cancel);
            return (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        }));
        foreach (var runId in accepted)
            (await runs.WaitForEndAsync(runId)).GetProperty("status").GetString().ShouldBe("succeeded");
        var list = await (await first.Client.GetAsync($"/api/actions/{quick}/runs?pageSize=100", Cancel)).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(20);
        list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("node").GetString()).Distinct().Count().ShouldBe(2);

        // A run started through one node is stopped through the other.
        var looping = await runs.ActiveActionAsync("while (true) {}", "Loops");
        var loopRun = await runs.StartRunAsync(looping);
        var running = await runs.WaitForStatusAsync(loopRun, "running");
        (await second.Client.PostAsync($"/api/runs/{loopRun}/stop", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var stopped = await new RunsClient(second.Client).WaitForEndAsync(loopRun);
        stopped.GetProperty("status").GetString().ShouldBe("stopped");
        stopped.GetProperty("node").GetString().ShouldBe(running.GetProperty("node").GetString());
    }

    [Fact]
    public async Task Two_nodes_fire_each_missed_occurrence_of_a_schedule_once()
    {
        await using var first = await Node();
        await using var second = await Node();
        var runs = new RunsClient(first.Client);
        var action = await runs.ActiveActionAsync("log('scheduled');", "Hourly");
        (await first.Client.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = true, kind = "hourly", minute = 0, timeZone = "UTC" }, Cancel))
            .EnsureSuccessStatusCode();

        // Over two hours late, as after an outage of the whole cluster: both nodes' clocks see it due.
        var now = DateTimeOffset.UtcNow;
        var firstLate = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-2);
        await using (var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var late = new Npgsql.NpgsqlCommand(
                "update runs.mt_doc_actionschedule set data = jsonb_set(data, '{nextFireAt}', to_jsonb($1::text)), next_fire_at = $2 where id = $3", connection);
            late.Parameters.AddWithValue(firstLate.ToString("O"));
            late.Parameters.AddWithValue(firstLate);
            late.Parameters.AddWithValue(action);
            (await late.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
        }

        // The fires at firstLate, +1 h and +2 h (the last one passed): one run each, whichever node fired it.
        JsonElement list = default;
        for (var i = 0; i < 100; i++)
        {
            list = await (await first.Client.GetAsync($"/api/actions/{action}/runs?pageSize=50", Cancel)).ReadJsonAsync();
            if (list.GetProperty("total").GetInt64() >= 3) break;
            await Task.Delay(100, Cancel);
        }
        await Task.Delay(1500, Cancel);
        list = await (await second.Client.GetAsync($"/api/actions/{action}/runs?pageSize=50", Cancel)).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(3);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.ShouldAllBe(r => r.GetProperty("trigger").GetString() == "schedule");
        foreach (var run in items)
            (await runs.WaitForEndAsync(run.GetProperty("id").GetGuid())).GetProperty("status").GetString().ShouldBe("succeeded");
    }
}
