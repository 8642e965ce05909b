namespace Modular.Actions.Contracts;

// Which agents use an action. The Agents module owns the truth (its agents' setups); the Actions
// module keeps a usage record on each action, a set of claims, so that a delete can refuse under
// the action's row lock. Every committed use has a claim (made before the use commits), and a
// claim goes away only through a message committed with the change that ended the use, or with the
// finding that it never began. The messages are declared here because the Actions module consumes
// them and the Agents module already depends on this namespace (not the reverse).

/// <summary>
/// Sent by the Agents module while it holds the agent's row lock, before it commits an attachment:
/// the action's row is locked, drafts and unknown (or deleted) actions are refused, and a claim is
/// recorded, committed with an <see cref="ActionUseClaimed"/> that has the Agents module check it.
/// A delete that runs after this sees the claim; one that ran before leaves nothing to attach.
/// </summary>
/// <param name="AgentVersion">The agent's version while locked, before this attachment commits.</param>
public sealed record UseActionInAgent(Guid ActionId, string AgentId, string AgentName, int AgentVersion);

public enum ActionUseOutcome
{
    Attached,
    NotFound,
    NotPublished,
}

public sealed record ActionUseResult(Guid ActionId, ActionUseOutcome Outcome, string? ActionName = null);

/// <summary>
/// Published by the Actions module with a claim it recorded. The Agents module answers once the
/// agent is no longer locked by the attach that made it (committed or not): with
/// <see cref="ActionUseNotBacked"/> when the agent does not use the action, so a claim left by an
/// attach that never committed (a crash, a refused save) does not keep the action undeletable.
/// </summary>
public sealed record ActionUseClaimed(Guid ActionId, string AgentId, Guid Claim);

/// <summary>The agent does not use the action: the claim is withdrawn, unless a newer attach replaced it meanwhile.</summary>
public sealed record ActionUseNotBacked(Guid ActionId, string AgentId, Guid Claim);

/// <summary>Published by the Agents module, committed with the agent change that attached the action (in either setup).</summary>
/// <param name="AgentVersion">The agent's version that change committed.</param>
public sealed record ActionAttachedToAgent(Guid ActionId, string AgentId, string AgentName, int AgentVersion);

/// <summary>Published by the Agents module, committed with the agent change after which neither setup uses the action.</summary>
/// <param name="AgentVersion">The agent's version that change committed: claims made before it are released.</param>
public sealed record ActionDetachedFromAgent(Guid ActionId, string AgentId, int AgentVersion);

/// <summary>Published by the Agents module, committed with the agent's deletion: its claims on these actions are released.</summary>
public sealed record AgentDeleted(string AgentId, IReadOnlyList<Guid> ActionIds);
