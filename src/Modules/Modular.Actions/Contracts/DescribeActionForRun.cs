namespace Modular.Actions.Contracts;

/// <summary>Asks for what a run of the action needs: its state, code, connector, account and the agents using it.</summary>
public sealed record DescribeActionForRun(Guid ActionId);

/// <param name="State">draft, active or paused.</param>
public sealed record ActionRunInfo(
    Guid ActionId,
    bool Found,
    string Name = "",
    string State = "",
    string Code = "",
    string ConnectorId = "",
    string? AccountId = null,
    IReadOnlyList<string>? AgentIds = null);

/// <summary>The same for many actions at once (schedules firing together); unknown ids come back not found.</summary>
public sealed record DescribeActionsForRun(IReadOnlyList<Guid> ActionIds);

public sealed record ActionsRunInfo(IReadOnlyList<ActionRunInfo> Actions);
