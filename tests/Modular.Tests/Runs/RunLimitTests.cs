using System.Net;
using System.Net.Http.Json;

namespace Modular.Tests.Runs;

/// <summary>Scripts that break a limit fail with a clear reason; each action sets the limit it tests.</summary>
public sealed class RunLimitTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("while (true) {}", "{\"maxStatements\": 200000}", "statements")]
    [InlineData("const chunks = []; while (true) chunks.push(new Array(100000).fill('x'));", "{\"memoryMegabytes\": 32}", "memory")]
    [InlineData("function down(n) { return down(n + 1); } down(0);", "{\"maxRecursion\": 64}", "recursed")]
    [InlineData("while (true) {}", "{\"timeoutSeconds\": 1}", "time limit")]
    public async Task A_script_that_breaks_a_limit_fails_with_the_reason(string code, string settings, string reason)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync(code);
        (await runs.Http.PutAsync($"/api/actions/{action}/run-settings", new StringContent(settings, System.Text.Encoding.UTF8, "application/json"), Cancel)).EnsureSuccessStatusCode();

        var run = await runs.WaitForEndAsync(await runs.StartRunAsync(action));

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain(reason);
    }

    [Fact]
    public async Task An_action_keeps_fewer_log_lines_when_it_asks_and_cannot_ask_for_more_than_the_server_allows()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("for (let i = 0; i < 50; i++) log('line ' + i);");

        var tooMany = await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { maxLogLines = 5_001 }, Cancel);
        (await tooMany.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("/maxLogLines")[0].GetString()!.ShouldContain("Runs__Ceilings__MaxLogLines");
        var saved = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { maxLogLines = 20 }, Cancel)).ReadJsonAsync();
        saved.GetProperty("maxLogLines").GetInt32().ShouldBe(20);

        var run = await runs.WaitForEndAsync(await runs.StartRunAsync(action));
        run.GetProperty("status").GetString().ShouldBe("succeeded");
        run.GetProperty("logLines").GetInt32().ShouldBe(21); // 20 and the notice that the limit was reached
    }

    [Fact]
    public async Task Limits_out_of_range_are_refused_and_unset_ones_take_the_defaults()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('x');");

        var invalid = await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 0, maxRecursion = 1 }, Cancel);
        var errors = (await invalid.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.TryGetProperty("/timeoutSeconds", out _).ShouldBeTrue();
        errors.TryGetProperty("/maxRecursion", out _).ShouldBeTrue();

        var saved = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 30, onNodeLost = "retry" }, Cancel)).ReadJsonAsync();
        saved.GetProperty("timeoutSeconds").GetDouble().ShouldBe(30);
        saved.GetProperty("maxRecursion").GetInt32().ShouldBe(256);
        saved.GetProperty("overrides").GetProperty("onNodeLost").GetString().ShouldBe("retry");
        var reread = await (await runs.Http.GetAsync($"/api/actions/{action}/run-settings", Cancel)).ReadJsonAsync();
        reread.GetProperty("overrides").GetProperty("onNodeLost").GetString().ShouldBe("retry");
        await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { onNodeLost = "pray" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Raising_a_limit_above_the_servers_ceiling_is_refused()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('x');");

        var response = await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 3600, memoryMegabytes = 100_000 }, Cancel);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.GetProperty("/timeoutSeconds")[0].GetString()!.ShouldContain("Runs__Ceilings__TimeoutSeconds");
        errors.TryGetProperty("/memoryMegabytes", out _).ShouldBeTrue();
    }
}
