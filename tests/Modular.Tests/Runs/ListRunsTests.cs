using Modular.Testing;
using System.Net;
using System.Text.Json;

namespace Modular.Tests.Runs;

/// <summary>The Runs page's list: every run of the workspace, newest first, with its filters.</summary>
public sealed class ListRunsTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_run_of_the_workspace_is_listed_newest_first_and_narrowed_by_its_filters()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var ok = await runs.ActiveActionAsync("log('fine');", "Works");
        var broken = await runs.ActiveActionAsync("throw new Error('Customer not found');", "Breaks");
        var first = await runs.StartRunAsync(ok);
        await runs.WaitForEndAsync(first);
        var failed = await runs.StartRunAsync(broken);
        await runs.WaitForEndAsync(failed);
        var last = await runs.StartRunAsync(ok);
        await runs.WaitForEndAsync(last);
        var other = new RunsClient(await platform.NewWorkspaceClientAsync());
        await other.WaitForEndAsync(await other.StartRunAsync(await other.ActiveActionAsync("log('elsewhere');")));

        var all = await ListAsync(runs, "");
        all.GetProperty("total").GetInt64().ShouldBe(3);
        Ids(all).ShouldBe([last, failed, first]);
        var onlyFailed = await ListAsync(runs, "?status=failed");
        Ids(onlyFailed).ShouldBe([failed]);
        var item = onlyFailed.GetProperty("items")[0];
        item.GetProperty("actionName").GetString().ShouldBe("Breaks");
        item.GetProperty("trigger").GetString().ShouldBe("manual");
        item.GetProperty("error").GetString()!.ShouldContain("Customer not found");
        Ids(await ListAsync(runs, $"?actionId={ok}")).ShouldBe([last, first]);
        Ids(await ListAsync(runs, "?trigger=webhook")).ShouldBeEmpty();
        Ids(await ListAsync(runs, "?trigger=manual&pageSize=1&page=2")).ShouldBe([failed]);
        var queuedAt = all.GetProperty("items")[1].GetProperty("queuedAt").GetDateTimeOffset();
        Ids(await ListAsync(runs, $"?from={Uri.EscapeDataString(queuedAt.ToString("O"))}")).ShouldBe([last, failed]);
        Ids(await ListAsync(runs, $"?to={Uri.EscapeDataString(queuedAt.ToString("O"))}")).ShouldBe([first]);
    }

    [Theory]
    [InlineData("?status=exploded", "/status")]
    [InlineData("?trigger=telepathy", "/trigger")]
    [InlineData("?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "/to")]
    [InlineData("?pageSize=1000", "/pageSize")]
    public async Task Filters_out_of_range_are_refused_with_the_field(string query, string pointer)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var response = await runs.Http.GetAsync("/api/runs" + query, Cancel);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty(pointer, out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_time_that_is_not_a_time_is_a_400_problem()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var response = await runs.Http.GetAsync("/api/runs?from=yesterday", Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> ListAsync(RunsClient runs, string query) =>
        await (await runs.Http.GetAsync("/api/runs" + query, Cancel)).ReadJsonAsync();

    private static List<Guid> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];
}
