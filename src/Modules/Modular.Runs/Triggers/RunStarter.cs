using System.Text.Json.Nodes;
using Marten;
using Marten.Exceptions;
using Modular.Actions.Contracts;
using Modular.Agents.Contracts;
using Modular.Runs.Domain;
using Modular.Runs.Execution;
using Wolverine;

namespace Modular.Runs.Triggers;

public abstract record StartResult
{
    public sealed record Queued(Guid RunId) : StartResult;
    public sealed record Rejected(Guid RunId, string Reason) : StartResult;
    public sealed record ActionNotFound : StartResult;
}

/// <summary>
/// Every trigger (manual, webhook, schedule) starts runs here. A run starts only when the action is
/// active and so is an agent using it (or no agent uses it yet); otherwise the call is recorded as a
/// rejected run. The queued event and the message that executes it commit together (through the
/// journal, with other runs), so an accepted trigger is never lost.
/// </summary>
public sealed class RunStarter(IMessageBus bus, RunJournal journal, TimeProvider clock)
{
    /// <param name="alsoStore">Documents to commit with the queued run (a webhook's idempotency record).</param>
    /// <param name="runId">A run id fixed by the trigger (one per scheduled fire), so that a retried trigger queues nothing twice.</param>
    public async Task<StartResult> StartAsync(
        string workspaceId, Guid actionId, string trigger, JsonNode? input, string by, CancellationToken cancellationToken,
        Action<IDocumentSession, Guid>? alsoStore = null, Guid? runId = null)
    {
        var action = await bus.InvokeForTenantAsync<ActionRunInfo>(workspaceId, new DescribeActionForRun(actionId), cancellationToken);
        if (!action.Found) return new StartResult.ActionNotFound();

        var id = runId ?? Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        if (await RefusalAsync(workspaceId, action, cancellationToken) is { } reason)
        {
            var rejected = new RunRejected(actionId, action.Name, trigger, reason, now);
            await journal.WriteAsync(workspaceId, new RunJournal.Write(session =>
            {
                session.Events.StartStream<Run>(id, rejected);
                session.Store(RunSummary.Start(id, rejected));
            }), cancellationToken);
            return new StartResult.Rejected(id, reason);
        }

        var queued = new RunQueued(actionId, action.Name, trigger, input, by, now, action.Code, action.ConnectorId, action.AccountId);
        try
        {
            await journal.WriteAsync(workspaceId, new RunJournal.Write(session =>
            {
                session.Events.StartStream<Run>(id, queued);
                session.Store(RunSummary.Start(id, queued));
                alsoStore?.Invoke(session, id);
            }, [new ExecuteRun(workspaceId, id, actionId)]), cancellationToken);
        }
        catch (ExistingStreamIdCollisionException) when (runId is not null)
        {
            // This trigger was handled before (a retry): its run is queued already.
        }
        return new StartResult.Queued(id);
    }

    private async Task<string?> RefusalAsync(string workspaceId, ActionRunInfo action, CancellationToken cancellationToken)
    {
        if (action.State == "draft") return $"'{action.Name}' is a draft; save it (publish it) and set it active first.";
        if (action.State != "active") return $"'{action.Name}' is paused; set it active to run it.";
        if (action.AgentIds is not { Count: > 0 } agentIds) return null;
        var agents = await bus.InvokeForTenantAsync<AgentsActivity>(workspaceId, new CheckAgentsActive(agentIds), cancellationToken);
        return agents.Agents.Count == 0 || agents.Agents.Any(a => a.Active)
            ? null
            : $"Every agent using '{action.Name}' is paused ({string.Join(", ", agents.Agents.Select(a => a.Name))}); activate one to run it.";
    }
}
