namespace Modular.Actions.Contracts;

/// <summary>
/// Sent by the Agents module (for the caller's workspace) before it records an attachment:
/// the action is marked as used under optimistic concurrency, so a racing delete either sees
/// the agent or makes this fail. Answered with <see cref="ActionUseResult"/>.
/// </summary>
public sealed record UseActionInAgent(Guid ActionId, string AgentId, string AgentName);

public sealed record ReleaseActionFromAgent(Guid ActionId, string AgentId);

public enum ActionUseOutcome
{
    Attached,
    NotFound,
    NotPublished,
}

public sealed record ActionUseResult(Guid ActionId, ActionUseOutcome Outcome, string? ActionName = null);
