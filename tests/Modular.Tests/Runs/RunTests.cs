using Modular.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Modular.Tests.Runs;

public sealed class RunTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    [Fact]
    public async Task A_manual_run_executes_the_script_step_by_step_with_its_input_and_documents()
    {
        var runs = await Workspace();
        var action = await runs.ActiveActionAsync("""
            log("Hello", input.name);
            const total = await step("Add up", () => input.values.reduce((a, b) => a + b, 0));
            documents.create("report.txt", render("Total for {{ name }}: {{ total }}", { name: input.name, total }), "text/plain");
            """);

        var response = await runs.StartAsync(action, new { name = "Acme", values = new[] { 1, 2, 3 } });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        response.Headers.Location!.ToString().ShouldBe($"/api/runs/{runId}");

        var run = await runs.WaitForEndAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        run.GetProperty("trigger").GetString().ShouldBe("manual");
        run.GetProperty("steps").GetInt32().ShouldBe(1);
        run.GetProperty("logLines").GetInt32().ShouldBe(1);
        var document = run.GetProperty("documents").EnumerateArray().Single();
        document.GetProperty("name").GetString().ShouldBe("report.txt");

        var download = await runs.Http.GetAsync($"/api/runs/{runId}/documents/{document.GetProperty("id").GetGuid()}", Cancel);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await download.Content.ReadAsStringAsync(Cancel)).ShouldBe("Total for Acme: 6");

        var list = await (await runs.Http.GetAsync($"/api/actions/{action}/runs", Cancel)).ReadJsonAsync();
        list.GetProperty("items")[0].GetProperty("id").GetGuid().ShouldBe(runId);
    }

    [Fact]
    public async Task A_script_posts_a_json_body_and_reads_the_answer()
    {
        var runs = await Workspace();
        var runId = await runs.RunToEndAsync($$"""
            const res = await rest.request({ method: "POST", url: "{{platform.Host.Partner.Address}}echo", body: { order: 42 } });
            log("Echoed", res.status, res.body.order);
            """);

        var events = await EventsAsync(runs, runId);
        var logs = Logs(events);
        // The host logs the call itself, then the script its line.
        logs.Count.ShouldBe(2);
        logs[0].ShouldMatch(@"^POST http://127\.0\.0\.1:\d+/echo → 200 in \d+ ms$");
        logs[1].ShouldBe("Echoed 200 42");
    }

    [Fact]
    public async Task A_connector_call_is_recorded_with_its_status()
    {
        var runs = await Workspace();
        var runId = await runs.RunToEndAsync($$"""
            const res = await rest.request({ url: "{{platform.Host.Partner.Address}}health" });
            log("Health", res.status, res.body.status);
            """);

        var events = await EventsAsync(runs, runId);
        var call = events.Single(e => e.GetProperty("type").GetString() == "ConnectorCalled").GetProperty("data");
        call.GetProperty("operation").GetString().ShouldBe("rest.request");
        call.GetProperty("status").GetInt32().ShouldBe(200);
        Logs(events).ShouldBe([$"GET {platform.Host.Partner.Address}health → 200 in {DurationIn(Logs(events)[0])} ms", "Health 200 Healthy"]);
    }

    [Theory]
    [InlineData("log('a');\nthrow new Error('Customer not found');", "Customer not found", 2)]
    [InlineData("rest.nope({});", "not a function", 1)]
    [InlineData("const x = undefinedThing + 1;", "undefinedThing", 1)]
    public async Task A_failing_script_fails_the_run_with_its_error_and_line(string code, string error, int line)
    {
        var runs = await Workspace();

        var run = await runs.GetAsync(await runs.RunToEndAsync(code));

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain(error);
        run.GetProperty("errorLine").GetInt32().ShouldBe(line);
    }

    [Fact]
    public async Task A_huge_log_is_capped_with_a_notice_and_long_lines_are_cut()
    {
        var runs = await Workspace();

        var runId = await runs.RunToEndAsync("log('x'.repeat(20000)); for (let i = 0; i < 6000; i++) log('line ' + i);");

        var run = await runs.GetAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded");
        run.GetProperty("logLines").GetInt32().ShouldBe(5001);
        var logs = (await EventsAsync(runs, runId)).Where(e => e.GetProperty("type").GetString() == "LogWritten").ToList();
        logs[0].GetProperty("data").GetProperty("message").GetString()!.Length.ShouldBeLessThan(10_100);
        logs[^1].GetProperty("data").GetProperty("message").GetString()!.ShouldContain("log limit");
    }

    [Fact]
    public async Task Connector_calls_count_towards_the_log_limit()
    {
        var runs = await Workspace();

        // Each rest.request is two lines (its log line, then its call): the second call crosses the 5,000.
        var runId = await runs.RunToEndAsync($$"""
            for (let i = 0; i < 4998; i++) log('line ' + i);
            for (let i = 0; i < 3; i++) await rest.request({ url: "{{platform.Host.Partner.Address}}health" });
            """);

        var events = await EventsAsync(runs, runId);
        events.Count(e => e.GetProperty("type").GetString() == "ConnectorCalled").ShouldBe(1);
        var logs = events.Where(e => e.GetProperty("type").GetString() == "LogWritten").ToList();
        logs.Count.ShouldBe(5000);
        logs[^1].GetProperty("data").GetProperty("message").GetString()!.ShouldContain("log limit of 5,000 lines");
        (await runs.GetAsync(runId)).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Stop_ends_a_tight_loop_as_stopped_and_no_further_connector_call_is_made()
    {
        var runs = await Workspace();
        var action = await runs.ActiveActionAsync($$"""
            log("looping");
            let i = 0;
            while (true) { i++; }
            await rest.request({ url: "{{platform.Host.Partner.Address}}health" });
            """);
        var runId = await runs.StartRunAsync(action);
        (await runs.WaitForStatusAsync(runId, "running")).GetProperty("status").GetString().ShouldBe("running");

        using var stop = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/stop");
        stop.Headers.Add("X-User", "maria"); // not believed: the run records who signed in
        (await runs.Http.SendAsync(stop, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var run = await runs.WaitForEndAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("stopped");
        run.GetProperty("stoppedBy").GetString().ShouldBe(TestIdentity.OwnerEmail);
        run.GetProperty("connectorCalls").GetInt32().ShouldBe(0);
        await (await runs.Http.PostAsync($"/api/runs/{runId}/stop", null, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Stop_of_an_unknown_run_is_404()
    {
        var runs = await Workspace();

        await (await runs.Http.PostAsync($"/api/runs/{Guid.NewGuid()}/stop", null, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await runs.Http.GetAsync($"/api/runs/{Guid.NewGuid()}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Paused_and_draft_actions_do_not_run_and_the_refusal_is_recorded()
    {
        var runs = await Workspace();
        var paused = (await runs.Actions.CreatePublishedActionAsync("Paused one")).GetProperty("id").GetGuid();
        var draft = (await runs.Actions.CreateWebhookActionAsync("Draft one")).GetProperty("id").GetGuid();

        var refused = await (await runs.StartAsync(paused)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("paused");
        (await runs.GetAsync(refused.GetProperty("runId").GetGuid())).GetProperty("status").GetString().ShouldBe("rejected");
        (await (await runs.StartAsync(draft)).ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("draft");
        await (await runs.StartAsync(Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_action_runs_only_while_an_agent_using_it_is_active()
    {
        var runs = await Workspace();
        var action = await runs.ActiveActionAsync("log('ran');");
        var agent = await (await runs.Http.PostAsJsonAsync("/api/agents", new { name = "Night shift" }, Cancel)).ReadJsonAsync();
        var agentId = agent.GetProperty("id").GetGuid();
        (await runs.Http.PutAsync($"/api/agents/{agentId}/actions/{action}", null, Cancel)).EnsureSuccessStatusCode();
        (await runs.Http.PutAsJsonAsync($"/api/agents/{agentId}/state", new { state = "paused", version = 2 }, Cancel)).EnsureSuccessStatusCode();

        var refused = await (await runs.StartAsync(action)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("Night shift");

        (await runs.Http.PutAsJsonAsync($"/api/agents/{agentId}/state", new { state = "active", version = 3 }, Cancel)).EnsureSuccessStatusCode();
        (await runs.StartAsync(action)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Malformed_or_oversize_input_is_refused()
    {
        var runs = await Workspace();
        var action = await runs.ActiveActionAsync("log('ok');");

        using var malformed = new StringContent("{\"a\": ", System.Text.Encoding.UTF8, "application/json");
        await (await runs.Http.PostAsync($"/api/actions/{action}/runs", malformed, Cancel)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        using var huge = new StringContent("\"" + new string('x', 1_100_000) + "\"", System.Text.Encoding.UTF8, "application/json");
        await (await runs.Http.PostAsync($"/api/actions/{action}/runs", huge, Cancel)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_live_log_and_the_run_do_not_send_the_scripts_code()
    {
        var runs = await Workspace();
        const string secret = "const apiKey = 'sk-very-secret-4711';";
        var runId = await runs.RunToEndAsync(secret + " log('done');", new { name = "Acme" });

        var events = await EventsAsync(runs, runId);
        var queued = events.Single(e => e.GetProperty("type").GetString() == "RunQueued").GetProperty("data");
        queued.TryGetProperty("code", out _).ShouldBeFalse(queued.ToString());
        queued.GetProperty("trigger").GetString().ShouldBe("manual");
        queued.GetProperty("input").GetProperty("name").GetString().ShouldBe("Acme");
        events.ShouldAllBe(e => !e.ToString().Contains("sk-very-secret-4711"));
        (await runs.GetAsync(runId)).ToString().ShouldNotContain("sk-very-secret-4711");
        (await runs.Http.GetStringAsync($"/api/runs/{runId}", Cancel)).ShouldNotContain("apiKey");
    }

    [Fact]
    public async Task The_live_log_streams_events_and_resumes_after_the_last_event_seen()
    {
        var runs = await Workspace();
        var runId = await runs.StartRunAsync(await runs.ActiveActionAsync("""
            for (let i = 1; i <= 3; i++) {
              const until = Date.now() + 150;
              while (Date.now() < until) {}
              log("line " + i);
            }
            """));

        var all = await EventsAsync(runs, runId);
        all.Select(e => e.GetProperty("type").GetString()).ShouldBe(["RunQueued", "RunStarted", "LogWritten", "LogWritten", "LogWritten", "RunSucceeded"]);

        var resumed = await EventsAsync(runs, runId, lastEventId: all[2].GetProperty("version").GetInt64());
        resumed.Select(e => e.GetProperty("data").TryGetProperty("message", out var message) ? message.GetString() : e.GetProperty("type").GetString())
            .ShouldBe(["line 2", "line 3", "RunSucceeded"]);
    }

    [Fact]
    public async Task Deleting_an_action_deletes_its_runs_logs_and_documents()
    {
        var runs = await Workspace();
        var action = await runs.ActiveActionAsync("documents.create('a.txt', 'x', 'text/plain');");
        var runId = await runs.StartRunAsync(action);
        var run = await runs.WaitForEndAsync(runId);
        var documentId = run.GetProperty("documents")[0].GetProperty("id").GetGuid();

        (await runs.Actions.DeleteLatestAsync(action)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100, Cancel);
            status = (await runs.Http.GetAsync($"/api/runs/{runId}", Cancel)).StatusCode;
        }
        while (status != HttpStatusCode.NotFound && DateTime.UtcNow < deadline);
        status.ShouldBe(HttpStatusCode.NotFound);
        (await runs.Http.GetAsync($"/api/runs/{runId}/documents/{documentId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await runs.Http.GetAsync($"/api/runs/{runId}/events", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Reads the run's Server-Sent Events until the stream ends.</summary>
    internal static async Task<List<JsonElement>> EventsAsync(RunsClient runs, Guid runId, long? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/events");
        if (lastEventId is { } last) request.Headers.Add("Last-Event-ID", last.ToString());
        using var response = await runs.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var body = await response.Content.ReadAsStringAsync(Cancel);
        return body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))[6..])
            .Select(json => JsonSerializer.Deserialize<JsonElement>(json))
            .ToList();
    }

    private static List<string> Logs(IEnumerable<JsonElement> events) =>
        [.. events.Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString()!)];

    private static string DurationIn(string callLine) => System.Text.RegularExpressions.Regex.Match(callLine, @"in (\d+) ms$").Groups[1].Value;

}
