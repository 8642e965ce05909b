using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Http;
using Modular.Runs.Schedules;

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

    [Theory]
    [InlineData("localtime")]
    [InlineData("posixrules")]
    [InlineData("Factory")]
    [InlineData("posix/Europe/Paris")]
    [InlineData("right/UTC")]
    [InlineData("Pacific Standard Time")]
    [InlineData("europe/paris")]
    [InlineData("Europe/../Europe/Paris")]
    [InlineData("")]
    public async Task A_time_zone_that_is_not_an_iana_zone_is_refused(string timeZone)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('tick');");

        var response = await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = true, kind = "daily", time = "09:00", timeZone }, Cancel);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe(["/timeZone"]);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Paris")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Calcutta")]
    [InlineData("Etc/GMT+5")]
    public void Iana_zones_and_their_links_are_accepted(string timeZone)
    {
        var schedule = new ActionSchedule { Kind = "daily", Time = "09:00", TimeZone = timeZone, Enabled = true };
        var violations = new Violations();

        schedule.Validate(violations);

        violations.Any.ShouldBeFalse(string.Join("; ", violations.ToDictionary().SelectMany(v => v.Value)));
        IanaTimeZones.IsZone(timeZone).ShouldBeTrue();
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
    public async Task A_late_schedule_fires_every_missed_occurrence_once_even_when_fired_twice_at_once()
    {
        var (runs, workspace) = await WorkspaceAsync();
        var action = await HourlyActionAsync(runs);

        // Three hours late, as after an outage: its next fire is a past occurrence.
        var firstLate = await MakeLateAsync(workspace, DateTimeOffset.UtcNow.AddHours(-3), action);
        // This pass, another at the same time, and the clock's own passes all fire it.
        await Task.WhenAll(Clock.FireDueAsync(Cancel), Clock.FireDueAsync(Cancel));

        var generation = await ShouldHaveFiredEachOccurrenceOnceAsync(runs, workspace, action, firstLate);
        var run = await runs.WaitForEndAsync(ScheduleClock.RunIdOf(action, generation, firstLate));
        run.GetProperty("trigger").GetString().ShouldBe("schedule");
        run.GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_fire_made_already_does_not_hold_back_the_fires_written_with_it()
    {
        var (runs, workspace) = await WorkspaceAsync();
        var fired = await HourlyActionAsync(runs);
        var other = await HourlyActionAsync(runs);
        var firstLate = await MakeLateAsync(workspace, DateTimeOffset.UtcNow.AddHours(-3), fired);
        await Clock.FireDueAsync(Cancel);

        // As if a clock that read the schedule before that fire committed fires it again, with another schedule.
        await MakeLateAsync(workspace, firstLate.AddTicks(-1), fired, other);
        await Clock.FireDueAsync(Cancel);

        await ShouldHaveFiredEachOccurrenceOnceAsync(runs, workspace, fired, firstLate, refired: 1);
        await ShouldHaveFiredEachOccurrenceOnceAsync(runs, workspace, other, firstLate);
    }

    private ScheduleClock Clock => platform.Host.Services.GetRequiredService<ScheduleClock>();

    private Marten.IDocumentStore Store => platform.Host.Services.GetRequiredService<Marten.IDocumentStore>();

    private async Task<(RunsClient Runs, string Workspace)> WorkspaceAsync()
    {
        var client = await platform.NewWorkspaceClientAsync();
        return (new RunsClient(client), client.DefaultRequestHeaders.GetValues("X-Workspace").Single());
    }

    private static async Task<Guid> HourlyActionAsync(RunsClient runs)
    {
        var action = await runs.ActiveActionAsync("log('scheduled');");
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = true, kind = "hourly", minute = 0, timeZone = "UTC" }, Cancel)).EnsureSuccessStatusCode();
        return action;
    }

    /// <summary>Sets the schedules' next fire to their first occurrence after <paramref name="after"/>, at once; returns it.</summary>
    private async Task<DateTimeOffset> MakeLateAsync(string workspace, DateTimeOffset after, params Guid[] actions)
    {
        await using var session = Store.LightweightSession(workspace);
        var schedules = await session.LoadManyAsync<ActionSchedule>(Cancel, actions);
        foreach (var schedule in schedules)
        {
            schedule.NextFireAt = schedule.Next(after, 1)[0];
            session.Store(schedule);
        }
        await session.SaveChangesAsync(Cancel);
        return schedules[0].NextFireAt!.Value;
    }

    /// <summary>Waits until the schedule caught up, then checks its runs: one per occurrence from <paramref name="firstLate"/> on, none skipped, none doubled.</summary>
    /// <param name="refired">Occurrences fired again on purpose, at least (their runs exist, so nothing runs twice).</param>
    private async Task<int> ShouldHaveFiredEachOccurrenceOnceAsync(RunsClient runs, string workspace, Guid action, DateTimeOffset firstLate, int refired = 0)
    {
        ActionSchedule caughtUp = null!;
        for (var i = 0; i < 100; i++)
        {
            await using var session = Store.QuerySession(workspace);
            caughtUp = (await session.LoadAsync<ActionSchedule>(action, Cancel))!;
            if (caughtUp.NextFireAt > DateTimeOffset.UtcNow) break;
            await Task.Delay(100, Cancel);
        }
        caughtUp.NextFireAt!.Value.ShouldBeGreaterThan(DateTimeOffset.UtcNow);

        var occurrences = new List<DateTimeOffset> { firstLate };
        occurrences.AddRange(caughtUp.Next(firstLate, 10).TakeWhile(t => t <= caughtUp.LastFiredAt));
        occurrences.Count.ShouldBeGreaterThanOrEqualTo(3);
        // The runs are created from the fires right after they commit.
        HashSet<Guid> ids = [];
        for (var i = 0; i < 100 && ids.Count < occurrences.Count; i++)
        {
            if (i > 0) await Task.Delay(100, Cancel);
            var list = await (await runs.Http.GetAsync($"/api/actions/{action}/runs?pageSize=50", Cancel)).ReadJsonAsync();
            ids = list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToHashSet();
        }
        ids.ShouldBe(occurrences.Select(t => ScheduleClock.RunIdOf(action, caughtUp.Generation, t)).ToHashSet(), ignoreOrder: true);
        var fires = await FiresRecordedAsync(action);
        if (refired == 0) fires.ShouldBe(occurrences.Count);
        // Fired again on purpose, a schedule catches up from there once more: the clock's own passes may have fired
        // later occurrences before (each then fired twice), or not. Either way each occurrence ran once (the ids above).
        else fires.ShouldBeInRange(occurrences.Count + refired, 2 * occurrences.Count);
        return caughtUp.Generation;
    }

    /// <summary>How many fire messages name the action: one per occurrence, or a run was handed to execution twice.</summary>
    private async Task<long> FiresRecordedAsync(Guid action)
    {
        await using var connection = await platform.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync(Cancel);
        await using var count = new Npgsql.NpgsqlCommand(
            "select count(*) from wolverine.wolverine_incoming_envelopes where message_type like '%CreateScheduledRuns' and position($1 in body) > 0",
            connection);
        count.Parameters.AddWithValue(System.Text.Encoding.UTF8.GetBytes(action.ToString()));
        return (long)(await count.ExecuteScalarAsync(Cancel))!;
    }

    [Fact]
    public async Task A_changed_schedule_is_not_moved_on_by_a_fire_of_its_old_version()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var workspace = client.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var runs = new RunsClient(client);
        var action = await runs.ActiveActionAsync("log('scheduled');");
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = true, kind = "daily", time = "09:00", timeZone = "Europe/Paris" }, Cancel)).EnsureSuccessStatusCode();
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = false, kind = "daily", time = "09:00", timeZone = "Europe/Paris" }, Cancel)).EnsureSuccessStatusCode();

        await platform.Host.Services.GetRequiredService<ScheduleClock>().FireDueAsync(Cancel);

        var store = platform.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.QuerySession(workspace);
        var schedule = (await session.LoadAsync<ActionSchedule>(action, Cancel))!;
        schedule.Generation.ShouldBe(2);
        schedule.NextFireAt.ShouldBeNull();
        var list = await (await runs.Http.GetAsync($"/api/actions/{action}/runs", Cancel)).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(0);
    }
}
