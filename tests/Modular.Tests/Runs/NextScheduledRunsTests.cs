using System.Net;
using System.Net.Http.Json;

namespace Modular.Tests.Runs;

/// <summary>The home page's "scheduled next": the workspace's enabled schedules, soonest first.</summary>
public sealed class NextScheduledRunsTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_next_scheduled_runs_are_listed_soonest_first_without_disabled_schedules()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var everyMinute = await runs.ActiveActionAsync("log('x');", "Every minute");
        var daily = await runs.ActiveActionAsync("log('x');", "Daily");
        var disabled = await runs.ActiveActionAsync("log('x');", "Disabled");
        await Schedule(runs, everyMinute, new { enabled = true, kind = "cron", cron = "* * * * *", timeZone = "UTC" });
        await Schedule(runs, daily, new { enabled = true, kind = "daily", time = "03:30", timeZone = "UTC" });
        await Schedule(runs, disabled, new { enabled = false, kind = "cron", cron = "* * * * *", timeZone = "UTC" });

        var next = (await (await runs.Http.GetAsync("/api/schedules/next?take=10", Cancel)).ReadJsonAsync()).EnumerateArray().ToList();

        next.Select(n => n.GetProperty("actionId").GetGuid()).Order().ShouldBe(new[] { everyMinute, daily }.Order());
        var at = next.Select(n => n.GetProperty("at").GetDateTimeOffset()).ToList();
        at.ShouldBe(at.Order().ToList());
        await (await runs.Http.GetAsync("/api/schedules/next?take=0", Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    private static async Task Schedule(RunsClient runs, Guid action, object schedule) =>
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule", schedule, Cancel)).EnsureSuccessStatusCode();
}
