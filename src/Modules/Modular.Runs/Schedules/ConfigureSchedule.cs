using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;

namespace Modular.Runs.Schedules;

public sealed record ConfigureScheduleRequest(
    bool Enabled, string? Kind, int? Minute, string? Time, List<string>? Days, int? DayOfMonth, string? Cron, string? TimeZone);

public sealed record ScheduleView(
    bool Enabled, string Kind, int? Minute, string? Time, IReadOnlyList<string>? Days, int? DayOfMonth, string? Cron, string TimeZone,
    string CronExpression, IReadOnlyList<DateTimeOffset> NextFireTimes);

/// <summary>
/// The schedule editor: hourly, daily at a time, weekly on days at a time, monthly on a day at a
/// time, or a cron expression, in an IANA time zone. The answer lists the next fire times.
/// </summary>
public static class ConfigureScheduleEndpoint
{
    public static void MapConfigureSchedule(this IEndpointRouteBuilder api)
    {
        api.MapGet("/actions/{actionId:guid}/schedule", Get).WithName("GetSchedule").WithTags("Runs").WithSummary("An action's schedule and its next fire times");
        api.MapPut("/actions/{actionId:guid}/schedule", Put).WithName("ConfigureSchedule").WithTags("Runs").WithSummary("Set an action's schedule");
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> Get(
        Guid actionId, IQuerySession session, IMessageBus bus, WorkspaceContext workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await ActionLookup.ExistsAsync(bus, workspace.Id, actionId, cancellationToken))
            return Problems.NotFound("Action", actionId.ToString());
        var schedule = await session.LoadAsync<ActionSchedule>(actionId, cancellationToken) ?? new ActionSchedule { Id = actionId };
        return TypedResults.Ok(View(schedule, clock));
    }

    private static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> Put(
        Guid actionId, ConfigureScheduleRequest request, IDocumentSession session, IMessageBus bus,
        WorkspaceContext workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        var candidate = new ActionSchedule
        {
            Id = actionId,
            Enabled = request.Enabled,
            Kind = request.Kind?.Trim().ToLowerInvariant() ?? "",
            Minute = request.Minute,
            Time = request.Time?.Trim(),
            Days = request.Days?.Select(d => d.Trim().ToLowerInvariant()).ToList(),
            DayOfMonth = request.DayOfMonth,
            Cron = request.Cron,
            TimeZone = request.TimeZone?.Trim() ?? "UTC",
        };
        var violations = new Violations();
        candidate.Validate(violations);
        if (violations.Any) return Problems.Invalid("The schedule cannot be saved.", violations.ToDictionary());
        if (!await ActionLookup.ExistsAsync(bus, workspace.Id, actionId, cancellationToken))
            return Problems.NotFound("Action", actionId.ToString());

        var current = await session.LoadForChangeAsync<ActionSchedule>(actionId, cancellationToken);
        candidate.Generation = (current?.Generation ?? 0) + 1;
        candidate.LastFiredAt = current?.LastFiredAt;
        candidate.NextFireAt = candidate.Enabled && candidate.Next(clock.GetUtcNow(), 1) is [var next, ..] ? next.ToUniversalTime() : null;
        // The schedule clock fires it when its next fire time comes.
        session.Store(candidate);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(candidate, clock));
    }

    private static ScheduleView View(ActionSchedule s, TimeProvider clock) =>
        new(s.Enabled, s.Kind, s.Minute, s.Time, s.Days, s.DayOfMonth, s.Cron, s.TimeZone, s.CronExpression,
            s.Enabled ? s.Next(clock.GetUtcNow(), 5) : []);
}
