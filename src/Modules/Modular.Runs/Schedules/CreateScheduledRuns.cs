using Marten;
using Modular.Actions.Contracts;
using Modular.Runs.Domain;
using Modular.Runs.Execution;
using Modular.Runs.Queueing;
using Wolverine;

namespace Modular.Runs.Schedules;

/// <summary>
/// Fires the schedule clock made: committed with the schedules' next fires, so each fire is durable
/// once and only once. The runs are created from it right after, on their own queue.
/// </summary>
public sealed record CreateScheduledRuns(string WorkspaceId, DateTimeOffset FiredAt, IReadOnlyList<ScheduledFire> Fires);

public sealed record ScheduledFire(Guid RunId, Guid ActionId);

/// <summary>
/// Creates the runs of fires: queued when the action and an agent using it are active, rejected
/// otherwise. The runs, the message that executes them and this message's completion commit
/// together (Wolverine's transactional outbox): delivered again after a crash, it creates nothing twice.
/// </summary>
public static class CreateScheduledRunsHandler
{
    public static async Task<ExecuteRuns?> Handle(
        CreateScheduledRuns command, IDocumentSession session, IMessageBus bus, NewRuns newRuns, RunSlots slots, CancellationToken cancellationToken)
    {
        // While the clock writes a pass of fires, their runs are created after it.
        await slots.UntilReleasedAsync(cancellationToken);
        var workspaceId = command.WorkspaceId;
        var actions = (await bus.InvokeForTenantAsync<ActionsRunInfo>(workspaceId, new DescribeActionsForRun([.. command.Fires.Select(f => f.ActionId)]), cancellationToken))
            .Actions.ToDictionary(a => a.ActionId);
        var agents = await RunGate.AgentsUsingAsync(bus, workspaceId, actions.Values, cancellationToken);

        // A fire whose run exists (its schedule was set back to an occurrence that fired) runs nothing again.
        var ids = command.Fires.Select(f => f.RunId).ToArray();
        var existing = (await session.Query<Run>().Where(r => r.Id.IsOneOf(ids)).Select(r => r.Id).ToListAsync(cancellationToken)).ToHashSet();
        var trigger = new RunGate.Trigger("schedule", null, "schedule", command.FiredAt);
        // A fire of an action deleted since creates nothing.
        var runs = command.Fires
            .Where(fire => actions[fire.ActionId].Found && !existing.Contains(fire.RunId))
            .Select(fire => RunGate.Refusal(actions[fire.ActionId], agents) is { } reason
                ? RunGate.Reject(fire.RunId, actions[fire.ActionId], trigger, reason)
                : RunGate.Queue(fire.RunId, actions[fire.ActionId], trigger))
            .ToList();
        if (runs.Count == 0) return null;
        newRuns.Write(session, runs);
        var queued = runs.Where(run => run.Executes).Select(run => new QueuedRun(run.Summary.Id, run.Summary.ActionId)).ToList();
        return queued.Count == 0 ? null : new ExecuteRuns(workspaceId, queued);
    }
}
