using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using Modular.BuildingBlocks.Http;
using Modular.Runs.Triggers;
using Wolverine;

namespace Modular.Tests.Runs;

public sealed class ScheduleTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_daily_schedule_answers_its_next_fire_times_in_its_time_zone()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('tick');");

        var schedule = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule",
            new { enabled = true, kind = "daily", time = "09:30", timeZone = "Europe/Paris" }, Cancel)).ReadJsonAsync();

        schedule.GetProperty("cronExpression").GetString().ShouldBe("30 9 * * *");
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var times = schedule.GetProperty("nextFireTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        times.Count.ShouldBe(5);
        times.ShouldAllBe(t => TimeZoneInfo.ConvertTime(t, paris).TimeOfDay == new TimeSpan(9, 30, 0));
        (await (await runs.Http.GetAsync($"/api/actions/{action}/schedule", Cancel)).ReadJsonAsync()).GetProperty("kind").GetString().ShouldBe("daily");
    }

    [Theory]
    [InlineData("{\"enabled\": true, \"kind\": \"cron\", \"cron\": \"every day\", \"timeZone\": \"UTC\"}", "/cron")]
    [InlineData("{\"enabled\": true, \"kind\": \"daily\", \"time\": \"25:00\", \"timeZone\": \"UTC\"}", "/time")]
    [InlineData("{\"enabled\": true, \"kind\": \"daily\", \"time\": \"09:00\", \"timeZone\": \"Mars/Olympus\"}", "/timeZone")]
    [InlineData("{\"enabled\": true, \"kind\": \"weekly\", \"time\": \"09:00\", \"days\": [\"funday\"], \"timeZone\": \"UTC\"}", "/days")]
    [InlineData("{\"enabled\": true, \"kind\": \"monthly\", \"time\": \"09:00\", \"dayOfMonth\": 32, \"timeZone\": \"UTC\"}", "/dayOfMonth")]
    [InlineData("{\"enabled\": true, \"kind\": \"hourly\", \"minute\": 60, \"timeZone\": \"UTC\"}", "/minute")]
    [InlineData("{\"enabled\": true, \"kind\": \"yearly\", \"timeZone\": \"UTC\"}", "/kind")]
    public async Task Invalid_schedules_are_refused_with_the_field(string body, string pointer)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('tick');");

        var response = await runs.Http.PutAsync($"/api/actions/{action}/schedule", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty(pointer, out _).ShouldBeTrue();
    }

    [Fact]
    public void Daylight_saving_changes_neither_skip_nor_double_a_daily_fire()
    {
        var schedule = new ActionSchedule { Kind = "daily", Time = "02:30", TimeZone = "Europe/Paris", Enabled = true };
        schedule.Validate(new Violations());

        // 2026-03-29 has no 02:30 in Paris (clocks jump to 03:00); 2026-10-25 has it twice.
        var spring = schedule.Next(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero), 4);
        var autumn = schedule.Next(new DateTimeOffset(2026, 10, 23, 12, 0, 0, TimeSpan.Zero), 4);

        spring.Select(t => t.UtcDateTime.Date.Day).ShouldBe([28, 29, 30, 31]);
        autumn.Select(t => t.UtcDateTime.Date.Day).ShouldBe([24, 25, 26, 27]);
    }

    [Fact]
    public async Task A_fire_starts_one_run_even_when_delivered_twice_and_schedules_the_next()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var workspace = client.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var runs = new RunsClient(client);
        var action = await runs.ActiveActionAsync("log('scheduled');");
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = true, kind = "hourly", minute = 0, timeZone = "UTC" }, Cancel)).EnsureSuccessStatusCode();
        var bus = platform.Host.Services.GetRequiredService<IMessageBus>();
        // A fire two hours late, as after a backlog or an outage.
        var fire = new FireSchedule(workspace, action, 1, DateTimeOffset.UtcNow.AddHours(-2));

        await bus.InvokeForTenantAsync(workspace, fire, Cancel);
        await bus.InvokeForTenantAsync(workspace, fire, Cancel);
        await bus.InvokeForTenantAsync(workspace, fire with { Generation = 0 }, Cancel);

        var list = await (await runs.Http.GetAsync($"/api/actions/{action}/runs", Cancel)).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(1);
        var run = await runs.WaitForEndAsync(list.GetProperty("items")[0].GetProperty("id").GetGuid());
        run.GetProperty("trigger").GetString().ShouldBe("schedule");
        run.GetProperty("status").GetString().ShouldBe("succeeded");

        // A late fire is followed by the occurrence after it, not after "now": nothing is skipped.
        var store = platform.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.QuerySession(workspace);
        var schedule = await session.LoadAsync<ActionSchedule>(action, Cancel);
        schedule!.NextFireAt.ShouldBe(schedule.Next(fire.FireAt, 1)[0]);
        schedule.NextFireAt!.Value.ShouldBeLessThan(DateTimeOffset.UtcNow);
    }
}
