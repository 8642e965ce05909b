using System.Text.Json.Nodes;
using Marten;
using Modular.Actions.Contracts;
using Modular.Agents.Contracts;
using Modular.Runs.Domain;
using Wolverine;

namespace Modular.Runs.Queueing;

public abstract record StartResult
{
    public sealed record Queued(Guid RunId) : StartResult;
    /// <param name="RunId">The rejected run recorded, or null when the action's refused calls are too many to record (<see cref="RejectedRunThrottle"/>).</param>
    public sealed record Rejected(Guid? RunId, string Reason) : StartResult;
    public sealed record ActionNotFound : StartResult;
}

/// <summary>
/// Manual runs and webhooks start runs here (the schedule clock starts many at once, by the same
/// <see cref="RunGate"/>). A run starts only when the action is active and so is an agent using it
/// (or no agent uses it yet); otherwise the call is recorded as a rejected run. The queued event and
/// the message that executes it commit together (through the journal, with other runs), so an
/// accepted trigger is never lost.
/// </summary>
public sealed class RunStarter(IMessageBus bus, RunJournal journal, TimeProvider clock, RejectedRunThrottle rejections)
{
    /// <param name="runId">The id the run takes (a webhook delivery claims it first), or null for a new one.</param>
    public async Task<StartResult> StartAsync(
        string workspaceId, Guid actionId, string trigger, JsonNode? input, string by, CancellationToken cancellationToken, Guid? runId = null)
    {
        var action = await bus.InvokeForTenantAsync<ActionRunInfo>(workspaceId, new DescribeActionForRun(actionId), cancellationToken);
        if (!action.Found) return new StartResult.ActionNotFound();
        var agents = await RunGate.AgentsUsingAsync(bus, workspaceId, [action], cancellationToken);

        var id = runId ?? Guid.CreateVersion7();
        var call = new RunGate.Trigger(trigger, input, by, clock.GetUtcNow());
        var reason = RunGate.Refusal(action, agents);
        if (reason is not null && !rejections.MayRecord(actionId))
            return new StartResult.Rejected(null, reason + $" (Not recorded: more than {RejectedRunThrottle.PerMinute} refused calls of this action this minute.)");
        var run = reason is null ? RunGate.Queue(id, action, call) : RunGate.Reject(id, action, call, reason);
        await journal.WriteAsync(workspaceId, new RunJournal.Write(null, [run]), cancellationToken);
        return reason is null ? new StartResult.Queued(id) : new StartResult.Rejected(id, reason);
    }
}

/// <summary>The rule every trigger follows, and the writes that queue or reject a run.</summary>
public static class RunGate
{
    public sealed record Trigger(string Kind, JsonNode? Input, string By, DateTimeOffset At);

    /// <summary>Whether the answer depends on the agents using the action (ask the Agents module).</summary>
    public static bool NeedsAgents(ActionRunInfo action) => action.State == "active" && action.AgentIds is { Count: > 0 };

    /// <summary>The agents using those of <paramref name="actions"/> whose answer depends on them, in one question to the Agents module.</summary>
    public static async Task<IReadOnlyList<AgentActivity>> AgentsUsingAsync(
        IMessageBus bus, string workspaceId, IEnumerable<ActionRunInfo> actions, CancellationToken cancellationToken)
    {
        var agentIds = actions.Where(NeedsAgents).SelectMany(a => a.AgentIds!).Distinct().ToList();
        return agentIds.Count == 0 ? [] : (await bus.InvokeForTenantAsync<AgentsActivity>(workspaceId, new CheckAgentsActive(agentIds), cancellationToken)).Agents;
    }

    /// <summary>Why the action may not run now, or null. <paramref name="agents"/>: the agents using it, as the Agents module answered.</summary>
    public static string? Refusal(ActionRunInfo action, IEnumerable<AgentActivity> agents)
    {
        if (action.State == "draft") return $"'{action.Name}' is a draft; save it (publish it) and set it active first.";
        if (action.State != "active") return $"'{action.Name}' is paused; set it active to run it.";
        if (action.AgentIds is not { Count: > 0 } agentIds) return null;
        // The agents the Agents module says use it: the action's own list may name one whose attach never committed.
        var users = agents.Where(a => agentIds.Contains(a.AgentId) && a.ActionIds.Contains(action.ActionId)).ToList();
        return users.Count == 0 || users.Any(a => a.Active)
            ? null
            : $"Every agent using '{action.Name}' is paused ({string.Join(", ", users.Select(a => a.Name))}); activate one to run it.";
    }

    /// <summary>The queued run (the journal commits it with the message that executes it).</summary>
    public static NewRun Queue(Guid runId, ActionRunInfo action, Trigger trigger) =>
        NewRun.Queued(runId, new RunQueued(action.ActionId, action.Name, trigger.Kind, trigger.Input, trigger.By, trigger.At, action.Code, action.ConnectorId, action.AccountId));

    /// <summary>A trigger that fired while the action or its agents were paused: recorded, not run.</summary>
    public static NewRun Reject(Guid runId, ActionRunInfo action, Trigger trigger, string reason) =>
        NewRun.Rejected(runId, new RunRejected(action.ActionId, action.Name, trigger.Kind, reason, trigger.At));
}

/// <summary>
/// At most <see cref="PerMinute"/> rejected runs are recorded per action and minute on a node: a
/// flood of calls to a paused action is still answered 409, without filling its run list.
/// </summary>
public sealed class RejectedRunThrottle(TimeProvider clock)
{
    public const int PerMinute = 10;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (long Minute, int Count)> _recorded = new();

    public bool MayRecord(Guid actionId)
    {
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (_recorded.Count > 10_000) _recorded.Clear();
        var now = _recorded.AddOrUpdate(actionId, (minute, 1), (_, seen) => seen.Minute == minute ? (minute, seen.Count + 1) : (minute, 1));
        return now.Count <= PerMinute;
    }
}
