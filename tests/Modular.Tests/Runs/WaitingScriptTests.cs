using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Runs;

/// <summary>
/// A node of its own with a single sandbox process: scripts waiting on connector calls (held at the
/// partner server's gates until the test opens them) hold no thread there, so many wait at once.
/// </summary>
public sealed class WaitingScriptTests : IAsyncLifetime
{
    private const int Waiting = 24;
    private PlatformHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await PlatformHost.StartAsync(new Dictionary<string, string?>
        {
            ["Runs:SandboxProcesses"] = "1",
            ["Runs:MaxConcurrentRuns"] = "64",
            ["Runs:MaxConcurrentRunsPerAction"] = "64",
            // A busy script below spins for seconds: the administrator lets actions lift the statement limit.
            ["Runs:Ceilings:MaxStatements"] = int.MaxValue.ToString(),
        });

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private string Gate(string key) => $"{_host.Partner.Address}gate/{key}";

    private Task Reached(string key) => _host.Partner.GateReached(key).WaitAsync(TimeSpan.FromSeconds(30), Cancel);

    [Fact]
    public async Task Runs_waiting_on_connector_calls_wait_together_in_one_sandbox_process_holding_no_thread()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Waiting"));
        var action = await runs.ActiveActionAsync("""
            const answer = await rest.request({ url: input.url });
            log('opened', answer.body.opened);
            """);
        var keys = Enumerable.Range(0, Waiting).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var started = new List<Guid>();
        foreach (var key in keys) started.Add(await runs.StartRunAsync(action, new { url = Gate(key) }));

        // Every run is waiting on its call at once: far more than the process has script threads.
        await Task.WhenAll(keys.Select(Reached));
        foreach (var key in keys) _host.Partner.OpenGate(key);

        for (var i = 0; i < Waiting; i++)
        {
            (await runs.WaitForEndAsync(started[i])).GetProperty("status").GetString().ShouldBe("succeeded");
            Logs(await RunTests.EventsAsync(runs, started[i])).ShouldContain($"opened {keys[i]}");
        }
    }

    [Fact]
    public async Task Sleeping_runs_sleep_together_in_one_sandbox_process_holding_no_thread()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Sleeping"));
        var action = await runs.ActiveActionAsync("await sleep(2000); log('woke');");
        var started = new List<Guid>();
        for (var i = 0; i < Waiting; i++) started.Add(await runs.StartRunAsync(action));

        var ended = new List<JsonElement>();
        foreach (var run in started) ended.Add(await runs.WaitForEndAsync(run));

        ended.ShouldAllBe(r => r.GetProperty("status").GetString() == "succeeded");
        // Every run was asleep at the same moment: the last started before the first woke.
        var lastStart = ended.Max(r => r.GetProperty("startedAt").GetDateTimeOffset());
        var firstEnd = ended.Min(r => r.GetProperty("endedAt").GetDateTimeOffset());
        lastStart.ShouldBeLessThan(firstEnd);
    }

    [Fact]
    public async Task A_script_waits_on_several_calls_at_once_and_a_step_ends_when_they_have()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Together"));
        var (first, second) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        var run = await runs.StartRunAsync(await runs.ActiveActionAsync("""
            const answers = await step('both', () => Promise.all([rest.request({ url: input.first }), rest.request({ url: input.second })]));
            log(answers.map(a => a.body.opened).join(' then '));
            """), new { first = Gate(first), second = Gate(second) });

        // Both calls are out before either is answered.
        await Task.WhenAll(Reached(first), Reached(second));
        _host.Partner.OpenGate(second);
        _host.Partner.OpenGate(first);

        (await runs.WaitForEndAsync(run)).GetProperty("status").GetString().ShouldBe("succeeded");
        var events = await RunTests.EventsAsync(runs, run);
        Logs(events).ShouldContain($"{first} then {second}");
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        types.IndexOf("StepFinished").ShouldBeGreaterThan(types.LastIndexOf("ConnectorCalled"));
        var step = events.Single(e => e.GetProperty("type").GetString() == "StepFinished").GetProperty("data");
        (step.TryGetProperty("error", out var error) ? error.ValueKind : JsonValueKind.Null).ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_run_stopped_while_it_waits_on_a_call_ends_stopped_and_the_process_runs_on()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Stopped"));
        var key = Guid.NewGuid().ToString("N");
        var run = await runs.StartRunAsync(await runs.ActiveActionAsync("await step('wait', () => rest.request({ url: input.url })); log('not reached');"), new { url = Gate(key) });
        await Reached(key);

        (await runs.Http.PostAsync($"/api/runs/{run}/stop", null, Cancel)).EnsureSuccessStatusCode();

        (await runs.WaitForEndAsync(run)).GetProperty("status").GetString().ShouldBe("stopped");
        var events = await RunTests.EventsAsync(runs, run);
        Logs(events).ShouldNotContain("not reached");
        events.Single(e => e.GetProperty("type").GetString() == "StepFinished").GetProperty("data").GetProperty("error").GetString()!.ShouldContain("Interrupted");
        _host.Partner.OpenGate(key);
        var next = await runs.RunToEndAsync("log('after');");
        (await runs.GetAsync(next)).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_script_that_waits_on_too_many_calls_at_once_fails_with_the_limit()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Flood"));
        var run = await runs.RunToEndAsync($$"""
            await Promise.all(Array.from({ length: 1000 }, () => rest.request({ url: "{{_host.Partner.Address}}health" })));
            """);

        var ended = await runs.GetAsync(run);
        ended.GetProperty("status").GetString().ShouldBe("failed");
        ended.GetProperty("error").GetString()!.ShouldContain("at most 32 connector calls at once");
    }

    [Fact]
    public async Task The_memory_limit_counts_what_a_script_allocates_across_its_waits()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Budget"));
        var action = await runs.ActiveActionAsync($$"""
            const kept = [];
            for (let i = 0; i < 40; i++) {
              kept.push('x'.repeat(1000000) + i);
              await rest.request({ url: "{{_host.Partner.Address}}health" });
            }
            """);
        // Each piece between two calls allocates about 2 MB; the run, far more than its 16.
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { memoryMegabytes = 16 }, Cancel)).EnsureSuccessStatusCode();

        var ended = await runs.WaitForEndAsync(await runs.StartRunAsync(action));
        ended.GetProperty("status").GetString().ShouldBe("failed");
        ended.GetProperty("error").GetString()!.ShouldContain("more memory than its limit (16 MB)");
    }

    [Fact]
    public async Task A_run_whose_process_another_script_ended_before_it_called_out_runs_again_and_succeeds()
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Neighbour"));
        // Busy until a set time, however often it starts: the crash below comes well before it. It reads
        // the clock seldom (small numbers allocate nothing), so its allocation budget lasts.
        var until = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds();
        var busy = await runs.ActiveActionAsync("while (Date.now() < input.until) { for (let j = 0; j < 1000; j++) {} } log('done');");
        (await runs.Http.PutAsJsonAsync($"/api/actions/{busy}/run-settings", new { maxStatements = int.MaxValue }, Cancel)).EnsureSuccessStatusCode();
        var innocent = await runs.StartRunAsync(busy, new { until });
        (await runs.WaitForStatusAsync(innocent, "running")).GetProperty("status").GetString().ShouldBe("running");

        // In the same (only) process: its native stack overflows, and the process ends with both runs in it.
        var crasher = await runs.RunToEndAsync("let a = []; for (let i = 0; i < 1000000; i++) a = [a]; a.flat(Infinity);");

        (await runs.GetAsync(crasher)).GetProperty("error").GetString()!.ShouldContain("overflowed its stack");
        (await _host.Client.GetAsync("/health", Cancel)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var ended = await runs.WaitForEndAsync(innocent);
        ended.GetProperty("status").GetString().ShouldBe("succeeded", ended.GetRawText());
        Logs(await RunTests.EventsAsync(runs, innocent)).ShouldContain(line => line.Contains("running the script again from the start"));
    }

    private static List<string> Logs(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString()!)];
}
