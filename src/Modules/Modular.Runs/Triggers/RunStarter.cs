using System.Text.Json.Nodes;
using Marten;
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
/// Manual runs and webhooks start runs here (the schedule clock starts many at once, by the same
/// <see cref="RunGate"/>). A run starts only when the action is active and so is an agent using it
/// (or no agent uses it yet); otherwise the call is recorded as a rejected run. The queued event and
/// the message that executes it commit together (through the journal, with other runs), so an
/// accepted trigger is never lost.
/// </summary>
public sealed class RunStarter(IMessageBus bus, RunJournal journal, TimeProvider clock)
{
    /// <param name="alsoStore">Documents to commit with the queued run (a webhook's idempotency record).</param>
    public async Task<StartResult> StartAsync(
        string workspaceId, Guid actionId, string trigger, JsonNode? input, string by, CancellationToken cancellationToken,
        Action<IDocumentSession, Guid>? alsoStore = null)
    {
        var action = await bus.InvokeForTenantAsync<ActionRunInfo>(workspaceId, new DescribeActionForRun(actionId), cancellationToken);
        if (!action.Found) return new StartResult.ActionNotFound();
        IReadOnlyList<AgentActivity> agents = RunGate.NeedsAgents(action)
            ? (await bus.InvokeForTenantAsync<AgentsActivity>(workspaceId, new CheckAgentsActive(action.AgentIds!), cancellationToken)).Agents
            : [];

        var id = Guid.CreateVersion7();
        var call = new RunGate.Trigger(trigger, input, by, clock.GetUtcNow());
        if (RunGate.Refusal(action, agents) is { } reason)
        {
            await journal.WriteAsync(workspaceId, RunGate.Reject(id, action, call, reason), cancellationToken);
            return new StartResult.Rejected(id, reason);
        }
        await journal.WriteAsync(workspaceId, RunGate.Queue(workspaceId, id, action, call, session => alsoStore?.Invoke(session, id)), cancellationToken);
        return new StartResult.Queued(id);
    }
}

/// <summary>The rule every trigger follows, and the writes that queue or reject a run.</summary>
public static class RunGate
{
    public sealed record Trigger(string Kind, JsonNode? Input, string By, DateTimeOffset At);

    /// <summary>Whether the answer depends on the agents using the action (ask the Agents module).</summary>
    public static bool NeedsAgents(ActionRunInfo action) => action.State == "active" && action.AgentIds is { Count: > 0 };

    /// <summary>Why the action may not run now, or null. <paramref name="agents"/>: the agents using it, as the Agents module answered.</summary>
    public static string? Refusal(ActionRunInfo action, IEnumerable<AgentActivity> agents)
    {
        if (action.State == "draft") return $"'{action.Name}' is a draft; save it (publish it) and set it active first.";
        if (action.State != "active") return $"'{action.Name}' is paused; set it active to run it.";
        if (action.AgentIds is not { Count: > 0 } agentIds) return null;
        var users = agents.Where(a => agentIds.Contains(a.AgentId)).ToList();
        return users.Count == 0 || users.Any(a => a.Active)
            ? null
            : $"Every agent using '{action.Name}' is paused ({string.Join(", ", users.Select(a => a.Name))}); activate one to run it.";
    }

    /// <summary>The queued run and the message that executes it, committed together.</summary>
    public static RunJournal.Write Queue(string workspaceId, Guid runId, ActionRunInfo action, Trigger trigger, Action<IDocumentSession>? alsoStore = null)
    {
        var queued = new RunQueued(action.ActionId, action.Name, trigger.Kind, trigger.Input, trigger.By, trigger.At, action.Code, action.ConnectorId, action.AccountId);
        return new RunJournal.Write(session =>
        {
            session.Events.StartStream<Run>(runId, queued);
            session.Store(RunSummary.Start(runId, queued));
            alsoStore?.Invoke(session);
        }, [new ExecuteRun(workspaceId, runId, action.ActionId)]);
    }

    /// <summary>A trigger that fired while the action or its agents were paused: recorded, not run.</summary>
    public static RunJournal.Write Reject(Guid runId, ActionRunInfo action, Trigger trigger, string reason, Action<IDocumentSession>? alsoStore = null)
    {
        var rejected = new RunRejected(action.ActionId, action.Name, trigger.Kind, reason, trigger.At);
        return new RunJournal.Write(session =>
        {
            session.Events.StartStream<Run>(runId, rejected);
            session.Store(RunSummary.Start(runId, rejected));
            alsoStore?.Invoke(session);
        });
    }
}
