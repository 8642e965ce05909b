using System.Security.Cryptography;
using System.Text;
using Marten;
using Modular.BuildingBlocks.Persistence;
using Wolverine;

namespace Modular.Runs.Triggers;

/// <summary>
/// A durable scheduled message: it survives restarts and is handled once across nodes. Each fire
/// starts a run (recorded as rejected while the action or its agent is paused) and schedules the next.
/// </summary>
public sealed record FireSchedule(string WorkspaceId, Guid ActionId, int Generation, DateTimeOffset FireAt);

public static class FireScheduleHandler
{
    /// <returns>The next fire, committed with the schedule's update (a crash in between cannot break the chain).</returns>
    public static async Task<ScheduledMessage<FireSchedule>?> Handle(
        FireSchedule fire, IDocumentSession session, RunStarter starter, CancellationToken cancellationToken)
    {
        var schedule = await session.LoadForChangeAsync<ActionSchedule>(fire.ActionId, cancellationToken);
        // Changed or disabled since this fire was scheduled, or this fire was already handled.
        if (schedule is not { Enabled: true } || schedule.Generation != fire.Generation || schedule.LastFiredAt >= fire.FireAt) return null;

        await starter.StartAsync(fire.WorkspaceId, fire.ActionId, "schedule", null, "schedule", cancellationToken, runId: RunIdOf(fire));

        // The occurrence after this one, even when this fire is late: a backlog delays fires, never skips one.
        schedule.LastFiredAt = fire.FireAt;
        schedule.NextFireAt = schedule.Next(fire.FireAt, 1).FirstOrDefault();
        session.Store(schedule);
        return schedule.NextFireAt is { } next ? (fire with { FireAt = next }).ScheduledAt(next) : null;
    }

    /// <summary>One run id per fire: a retried fire finds its run already queued.</summary>
    private static Guid RunIdOf(FireSchedule fire) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{fire.ActionId}:{fire.Generation}:{fire.FireAt:O}")));
}
