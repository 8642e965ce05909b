using System.Net;
using System.Text;

namespace Modular.Tests.Runs;

/// <summary>
/// Scripts written to hurt the host, each run under the default limits (a CPU-bound one with a short
/// time limit of its own, so the suite stays quick). Each ends as the run's failure with its real
/// reason, never "node lost", and the host keeps serving and running scripts afterwards.
/// </summary>
public sealed class HostileScriptTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Nested = "let a = []; for (let i = 0; i < 200000; i++) a = [a];";

    public static TheoryData<string, string?, string, string> Scripts => new()
    {
        // code, run settings, the run's status, what its error says. A script that overflows the native stack
        // (a.flat(Infinity) over an array nested a million deep) ends its sandbox process with every run in it,
        // so it runs on a host of its own (WaitingScriptTests), never beside the other tests' runs.
        { Nested + " JSON.stringify(a);", "{\"timeoutSeconds\": 3}", "failed", "time limit" },
        { Nested + " String(a);", "{\"timeoutSeconds\": 3}", "failed", "time limit" },
        { Nested + " log(a);", null, "failed", "nested deeper than 64 levels" },
        { Nested + " documents.create('deep.json', a, 'application/json');", null, "failed", "nested deeper than 64 levels" },
        { Nested + " render('{{ a }}', { a });", null, "failed", "nested deeper than 64 levels" },
        { "let o = {}; for (let i = 0; i < 100; i++) o = { o }; log(o);", null, "failed", "nested deeper than 64 levels" },
        { "let p = {}; for (let i = 0; i < 200000; i++) p = new Proxy(p, {}); log(String(p.x));", null, "succeeded", "" },
        { "let f = function () { return 1; }; for (let i = 0; i < 200000; i++) f = f.bind(null); log(f());", null, "succeeded", "" },
        { "function down(n) { return down(n + 1); } down(0);", "{\"maxRecursion\": 10000}", "failed", "recursed deeper than its limit of 10000" },
        { "/(a+)+$/.test('a'.repeat(40) + 'b');", null, "failed", "regular expression ran longer" },
        { "log(render('{{ for i in 1..100000 }}x{{ end }}'));", null, "failed", "render:" },
        { "log(render('{{ include \"secrets\" }}'));", null, "failed", "render:" },
        { "log(render('{{ func f(x); ret f(x); end; f(1) }}'));", null, "failed", "render:" },
        { "await new Promise(() => {});", null, "failed", "nothing settles" },
        { "await step('wait', () => new Promise(() => {}));", null, "failed", "nothing settles" },
        { "const kept = []; while (true) kept.push('x'.repeat(1000000) + Math.random());", null, "failed", "memory" },
        { "eval('1 + 1');", null, "failed", "" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task A_hostile_script_fails_its_run_with_the_reason_and_the_host_survives(string code, string? settings, string status, string reason)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync(code);
        if (settings is not null)
            (await runs.Http.PutAsync($"/api/actions/{action}/run-settings", new StringContent(settings, Encoding.UTF8, "application/json"), Cancel)).EnsureSuccessStatusCode();

        var run = await runs.WaitForEndAsync(await runs.StartRunAsync(action));

        run.GetProperty("status").GetString().ShouldBe(status, run.ToString());
        if (status == "failed")
        {
            var error = run.GetProperty("error").GetString()!;
            error.ShouldContain(reason, Case.Insensitive);
            error.ShouldNotContain("lost", Case.Insensitive);
        }
        (await platform.Client.GetAsync("/health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await runs.GetAsync(await runs.RunToEndAsync("log('still here');"))).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Code_nested_deeper_than_the_parser_reads_is_refused_on_save()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log(1);");
        var version = (await runs.Actions.GetJsonAsync(action)).GetProperty("version").GetInt32();

        var saved = await runs.Actions.PutAsync(action, "code", new { code = "(" + new string('[', 10000) + new string(']', 10000) + ");", version });

        (await saved.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetRawText().ShouldContain("nested too deeply");
    }

    [Fact]
    public async Task Text_the_database_cannot_store_is_made_storable_in_logs_steps_and_documents()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var runId = await runs.RunToEndAsync("""
            log("a\u0000b\ud800c");
            await step("step \udc00", () => 1);
            documents.create("poison\u0000.txt", "x\u0000y\ud83d", "text/plain");
            """);

        var run = await runs.GetAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var events = await RunTests.EventsAsync(runs, runId);
        events.Single(e => e.GetProperty("type").GetString() == "LogWritten").GetProperty("data").GetProperty("message").GetString().ShouldBe("a\uFFFDb\uFFFDc");
        events.First(e => e.GetProperty("type").GetString() == "StepStarted").GetProperty("data").GetProperty("name").GetString().ShouldBe("step \uFFFD");
        var document = run.GetProperty("documents").EnumerateArray().Single();
        var download = await runs.Http.GetAsync($"/api/runs/{runId}/documents/{document.GetProperty("id").GetGuid()}", Cancel);
        (await download.Content.ReadAsStringAsync(Cancel)).ShouldBe("x\uFFFDy\uFFFD");
    }

    [Fact]
    public async Task A_stop_ends_a_run_inside_a_runaway_regular_expression()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('matching'); /(a+)+$/.test('a'.repeat(40) + 'b');");
        var runId = await runs.StartRunAsync(action);
        await runs.WaitForStatusAsync(runId, "running");
        await Task.Delay(200, Cancel);

        (await runs.Http.PostAsync($"/api/runs/{runId}/stop", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // The regular expression's own timeout is 2 s: a run that ends stopped was stopped while it matched.
        var run = await runs.WaitForEndAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("stopped", run.ToString());
    }
}
