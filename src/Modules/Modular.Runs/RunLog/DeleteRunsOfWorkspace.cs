using Marten;
using Microsoft.Extensions.Options;
using Modular.BuildingBlocks.Workspaces;
using Modular.Runs.Domain;
using Modular.Runs.Execution;
using Modular.Runs.Schedules;
using Modular.Runs.Settings;
using Modular.Runs.Triggers;
using Modular.Runs.Webhooks;
using Wolverine;

namespace Modular.Runs.RunLog;

/// <summary>Deletes a deleted workspace's runs once more, for a run whose node missed the stop and ended after the deletion.</summary>
public sealed record SweepDeletedWorkspaceRuns(string WorkspaceId);

/// <summary>
/// Deleting a workspace stops its runs, waits for them to end (so none writes its end after the
/// deletion), then deletes every run, log, document, webhook, delivery, schedule, event subscription and setting of it.
/// A sweep after the longest a run may last deletes what a run that missed its stop wrote later.
/// </summary>
public static class DeleteRunsOfWorkspaceHandler
{
    private static readonly TimeSpan WaitForStops = TimeSpan.FromSeconds(10);

    public static async Task Handle(
        WorkspaceDeleted deleted, IDocumentSession session, RunStops stops, IMessageBus bus,
        IOptions<RunLimits> limits, IOptions<RunLimitCeilings> ceilings, TimeProvider clock, CancellationToken cancellationToken)
    {
        await StopRunsAsync(session, stops, clock, cancellationToken);
        DeleteAll(session, deleted.WorkspaceId);
        var longest = ceilings.Value.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : limits.Value.Timeout;
        await bus.ScheduleAsync(new SweepDeletedWorkspaceRuns(deleted.WorkspaceId), longest + TimeSpan.FromMinutes(1),
            new DeliveryOptions { TenantId = deleted.WorkspaceId });
    }

    public static void Handle(SweepDeletedWorkspaceRuns sweep, IDocumentSession session) => DeleteAll(session, sweep.WorkspaceId);

    private static async Task StopRunsAsync(IDocumentSession session, RunStops stops, TimeProvider clock, CancellationToken cancellationToken)
    {
        var open = await OpenRunsAsync(session, cancellationToken);
        if (open.Count == 0) return;
        const string by = "workspace deletion";
        // Committed before the signal, as a stop button's request is: a queued run picked up later reads it.
        await using (var requests = session.DocumentStore.LightweightSession(session.TenantId))
        {
            foreach (var runId in open) requests.Store(new RunStopRequest { Id = runId, By = by, At = clock.GetUtcNow() });
            await requests.SaveChangesAsync(cancellationToken);
        }
        foreach (var runId in open) await stops.RequestAsync(runId, by, cancellationToken);

        var until = clock.GetUtcNow() + WaitForStops;
        while (open.Count > 0 && clock.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            open = await OpenRunsAsync(session, cancellationToken);
        }
    }

    // A queued run picked up before the deletion ends on its stop request; one picked up after it finds no run and does nothing.
    private static async Task<IReadOnlyList<Guid>> OpenRunsAsync(IQuerySession session, CancellationToken cancellationToken) =>
        await session.Query<Run>().Where(r => r.Status == RunStatus.Running || r.Status == RunStatus.Queued).Select(r => r.Id).ToListAsync(cancellationToken);

    private static void DeleteAll(IDocumentSession session, string workspaceId)
    {
        session.DeleteWhere<Run>(_ => true);
        session.DeleteWhere<RunDocument>(_ => true);
        session.DeleteWhere<RunStopRequest>(_ => true);
        session.DeleteWhere<ActionWebhook>(_ => true);
        session.DeleteWhere<WebhookDelivery>(_ => true);
        session.DeleteWhere<ActionSchedule>(_ => true);
        session.DeleteWhere<ActionRunSettings>(_ => true);
        session.DeleteWhere<WebhookRoute>(r => r.WorkspaceId == workspaceId);
        // Its event subscriptions end here; the vendor's side is not told (the accounts go with the workspace), and its deliveries find no URL.
        session.DeleteWhere<ActionTrigger>(_ => true);
        session.DeleteWhere<TriggerRoute>(r => r.WorkspaceId == workspaceId);
        var events = session.DocumentStore.Options.Events.DatabaseSchemaName;
        session.QueueSqlCommand($"delete from {events}.mt_events where tenant_id = ?", workspaceId);
        session.QueueSqlCommand($"delete from {events}.mt_streams where tenant_id = ?", workspaceId);
    }
}
