using System.Net;
using System.Text.Json;

namespace Modular.Tests.Runs;

/// <summary><c>await sleep(ms)</c> and <c>await waitUntil(check, { every, timeout })</c> in a run's script.</summary>
public sealed class WaitInScriptTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    [Fact]
    public async Task Sleep_waits_and_waitUntil_polls_until_its_check_is_truthy_also_an_async_check_calling_a_connector()
    {
        var runs = await Workspace();

        var runId = await runs.RunToEndAsync($$"""
            const started = Date.now();
            await sleep(300);
            log('slept', Date.now() - started >= 290);
            let checks = 0;
            const value = await waitUntil(() => ++checks >= 3 && 'ready', { every: 20 });
            log('polled', value, checks);
            const healthy = await waitUntil(async () => (await rest.request({ url: "{{platform.Host.Partner.Address}}health" })).status === 200, { every: 20 });
            log('called', healthy);
            """);

        (await runs.GetAsync(runId)).GetProperty("status").GetString().ShouldBe("succeeded");
        var logs = Logs(await RunTests.EventsAsync(runs, runId));
        logs.ShouldContain("slept true");
        logs.ShouldContain("polled ready 3");
        logs.ShouldContain("called true");
    }

    [Fact]
    public async Task A_wait_that_runs_out_fails_the_run_at_the_line_that_waited_and_can_be_caught()
    {
        var runs = await Workspace();

        var caught = await runs.GetAsync(await runs.RunToEndAsync("""
            try { await waitUntil(() => false, { every: 20, timeout: 100 }); } catch (error) { log('caught', error.message); }
            """));
        var failed = await runs.GetAsync(await runs.RunToEndAsync("""
            log('waiting');
            await waitUntil(() => false, { every: 20, timeout: 100 });
            """));

        caught.GetProperty("status").GetString().ShouldBe("succeeded");
        failed.GetProperty("status").GetString().ShouldBe("failed");
        failed.GetProperty("error").GetString().ShouldBe("waitUntil: the condition was not met within 100 ms.");
        failed.GetProperty("errorLine").GetInt32().ShouldBe(2);
    }

    [Theory]
    [InlineData("await sleep(-1);", "sleep(ms): ms is a number of milliseconds")]
    [InlineData("await sleep('soon');", "sleep(ms): ms is a number of milliseconds")]
    [InlineData("await waitUntil(5);", "needs a function")]
    [InlineData("await waitUntil(() => true, { every: 1 });", "every is a number of milliseconds from 10")]
    [InlineData("await waitUntil(() => { throw new Error('check broke'); });", "check broke")]
    [InlineData("for (let i = 0; i < 101; i++) sleep(1000);", "at most 100 timers")]
    public async Task Bad_waits_fail_the_run_with_the_reason(string code, string reason)
    {
        var runs = await Workspace();

        var run = await runs.GetAsync(await runs.RunToEndAsync(code));

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task A_sleeping_run_stops_at_once_and_its_time_limit_still_applies()
    {
        var runs = await Workspace();
        var sleeper = await runs.ActiveActionAsync("log('asleep'); await sleep(600000);");
        var limited = await runs.ActiveActionAsync("await sleep(600000);");
        (await runs.Http.PutAsync($"/api/actions/{limited}/run-settings", new StringContent("{\"timeoutSeconds\": 1}", System.Text.Encoding.UTF8, "application/json"), Cancel)).EnsureSuccessStatusCode();

        var asleep = await runs.StartRunAsync(sleeper);
        await WaitForLogLineAsync(runs, asleep);
        (await runs.Http.PostAsync($"/api/runs/{asleep}/stop", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var stopped = await runs.WaitForEndAsync(asleep);
        var timedOut = await runs.WaitForEndAsync(await runs.StartRunAsync(limited));

        stopped.GetProperty("status").GetString().ShouldBe("stopped");
        timedOut.GetProperty("status").GetString().ShouldBe("failed");
        timedOut.GetProperty("error").GetString()!.ShouldContain("time limit");
    }

    [Fact]
    public async Task A_sleep_nobody_awaits_does_not_keep_the_run_going()
    {
        var runs = await Workspace();

        var run = await runs.GetAsync(await runs.RunToEndAsync("sleep(600000); log('done');"));

        run.GetProperty("status").GetString().ShouldBe("succeeded");
    }

    /// <summary>Until the run's summary counts its first log line: the script is past it, asleep.</summary>
    private static async Task WaitForLogLineAsync(RunsClient runs, Guid runId)
    {
        for (var i = 0; i < 400 && (await runs.GetAsync(runId)).GetProperty("logLines").GetInt32() == 0; i++) await Task.Delay(25, Cancel);
    }

    private static List<string> Logs(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString()!)];
}
