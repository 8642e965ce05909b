using System.Net.Http.Json;
using System.Text.Json;
using Modular.Tests.Runs;

namespace Modular.Tests.Connectors;

/// <summary>
/// The host's HTTP pipeline every connector call goes through, seen from real runs of the REST connector
/// against the partner server: retries within bounds, Retry-After honoured, input refused before any call,
/// secrets masked in what the run records.
/// </summary>
public sealed class ConnectorPipelineTests(PlatformFixture platform)
{
    private async Task<RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    private string Flaky(string key, int fail, int status, int? retryAfter = null) =>
        $"{platform.Host.Partner.Address}flaky/{key}?fail={fail}&status={status}" + (retryAfter is null ? "" : $"&retryAfter={retryAfter}");

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string NewKey() => Guid.NewGuid().ToString("N");

    private static async Task<(JsonElement Run, List<string> Logs)> EndAsync(RunsClient runs, string code)
    {
        var runId = await runs.RunToEndAsync(code);
        var events = await RunTests.EventsAsync(runs, runId);
        var logs = events.Where(e => e.GetProperty("type").GetString() == "LogWritten").Select(e => e.GetProperty("data").GetProperty("message").GetString()!).ToList();
        return (await runs.GetAsync(runId), logs);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_wait_the_vendor_asks_for_and_each_attempt_is_logged()
    {
        var runs = await Workspace();
        var key = NewKey();

        var (run, logs) = await EndAsync(runs, $$"""const res = await rest.request({ url: "{{Flaky(key, 2, 429, retryAfter: 1)}}" }); log("got", res.status, res.body.attempts);""");

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        platform.Host.Partner.AttemptsOf(key).ShouldBe(3);
        logs.Count(l => l.Contains("→ 429") && l.Contains("trying again in 1 s")).ShouldBe(2);
        logs.Last().ShouldBe("got 200 3");
    }

    [Fact]
    public async Task A_5xx_is_retried_for_a_GET_at_most_three_times_then_handed_to_the_script()
    {
        var runs = await Workspace();
        var key = NewKey();

        var (run, logs) = await EndAsync(runs, $$"""const res = await rest.request({ url: "{{Flaky(key, 10, 503)}}" }); log("got", res.status);""");

        run.GetProperty("status").GetString().ShouldBe("succeeded");
        platform.Host.Partner.AttemptsOf(key).ShouldBe(3);
        logs.Last().ShouldBe("got 503");
    }

    [Fact]
    public async Task A_POST_that_met_a_5xx_is_not_sent_again_since_the_vendor_may_have_acted_on_it()
    {
        var runs = await Workspace();
        var key = NewKey();

        var (_, logs) = await EndAsync(runs, $$"""const res = await rest.request({ method: "POST", url: "{{Flaky(key, 1, 500)}}", body: { a: 1 } }); log("got", res.status);""");

        platform.Host.Partner.AttemptsOf(key).ShouldBe(1);
        logs.Last().ShouldBe("got 500");
    }

    [Fact]
    public async Task A_vendor_asking_to_wait_longer_than_the_pipeline_waits_gets_its_429_passed_on_at_once()
    {
        var runs = await Workspace();
        var key = NewKey();

        var (_, logs) = await EndAsync(runs, $$"""const res = await rest.request({ url: "{{Flaky(key, 1, 429, retryAfter: 120)}}" }); log("got", res.status);""");

        platform.Host.Partner.AttemptsOf(key).ShouldBe(1);
        logs.Last().ShouldBe("got 429");
    }

    [Theory]
    [InlineData("{ url: 5 }", "'url' must be text")]
    [InlineData("{ method: \"FETCH\", url: \"URL\" }", "'method' must be one of GET, POST, PUT, PATCH, DELETE")]
    [InlineData("{ urll: \"URL\" }", "Unknown input 'urll'")]
    [InlineData("{ method: \"GET\" }", "Required input missing: 'url'")]
    public async Task Input_that_breaks_the_operation_schema_fails_the_call_naming_the_field_before_any_request(string input, string error)
    {
        var runs = await Workspace();
        var key = NewKey();

        var (run, _) = await EndAsync(runs, $"await rest.request({input.Replace("URL", Flaky(key, 0, 200))});");

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldStartWith("rest.request failed: Invalid input: ");
        run.GetProperty("error").GetString()!.ShouldContain(error);
        platform.Host.Partner.AttemptsOf(key).ShouldBe(0);
    }

    [Fact]
    public async Task Secrets_in_a_called_URL_are_masked_in_the_run_log_and_the_account_key_appears_nowhere_in_the_run()
    {
        var runs = await Workspace();
        var secret = "sk-" + NewKey();
        var created = await runs.Http.PostAsJsonAsync("/api/accounts", new
        {
            connectorId = "rest",
            method = "ApiKey",
            name = "Partner",
            values = new Dictionary<string, string> { ["headerName"] = "X-Api-Key", ["apiKey"] = secret },
        }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var accountId = (await created.ReadJsonAsync()).GetProperty("id").GetString();
        var actionId = await runs.ActiveActionAsync($$"""
            const res = await rest.request({ url: "{{platform.Host.Partner.Address}}health?token=abc123secret&page=2" });
            if (res.status !== 200) throw new Error("status " + res.status);
            """);
        var action = await runs.Actions.GetJsonAsync(actionId);
        (await runs.Http.PutAsJsonAsync($"/api/actions/{actionId}/intent", new
        {
            name = action.GetProperty("name").GetString(),
            intent = action.GetProperty("intent").GetString(),
            intentFields = action.GetProperty("intentFields"),
            accountId,
            version = action.GetProperty("version").GetInt32(),
        }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var runId = await runs.StartRunAsync(actionId);
        (await runs.WaitForEndAsync(runId)).GetProperty("status").GetString().ShouldBe("succeeded");

        var events = await RunTests.EventsAsync(runs, runId);
        // The code (in the queued event) is the user's own; what the host recorded of the call is masked.
        var recorded = events.Where(e => e.GetProperty("type").GetString() != "RunQueued").Select(e => JsonSerializer.Serialize(e.GetProperty("data"), Unescaped)).ToList();
        recorded.ShouldContain(e => e.Contains("health?token=***&page=2"));
        recorded.ShouldNotContain(e => e.Contains("abc123secret"));
        events.ShouldNotContain(e => e.ToString().Contains(secret));
        platform.Host.Partner.Requests.ShouldContain(r => r.Contains("token=abc123secret"));
    }
}
