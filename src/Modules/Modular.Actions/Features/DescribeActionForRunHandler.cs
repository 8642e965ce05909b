using Marten;
using Modular.Actions.Contracts;
using Modular.Actions.Domain;

namespace Modular.Actions.Features;

/// <summary>Answers the Runs module when a trigger fires, for the message's workspace.</summary>
public static class DescribeActionForRunHandler
{
    public static async Task<ActionRunInfo> Handle(DescribeActionForRun request, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<ActionDefinition>(request.ActionId, cancellationToken) is { } action
            ? Describe(action)
            : new ActionRunInfo(request.ActionId, false);

    internal static ActionRunInfo Describe(ActionDefinition action) =>
        new(action.Id, true, action.Name, ActionView.StateName(action.State), action.Code, action.ConnectorId,
            action.AccountId, action.UsedBy.Select(u => u.AgentId).ToList());
}

/// <summary>One read for many actions: the schedules due at one time fire together.</summary>
public static class DescribeActionsForRunHandler
{
    public static async Task<ActionsRunInfo> Handle(DescribeActionsForRun request, IQuerySession session, CancellationToken cancellationToken)
    {
        var found = (await session.LoadManyAsync<ActionDefinition>(cancellationToken, request.ActionIds.Distinct())).ToDictionary(a => a.Id);
        return new ActionsRunInfo(request.ActionIds
            .Select(id => found.TryGetValue(id, out var action) ? DescribeActionForRunHandler.Describe(action) : new ActionRunInfo(id, false))
            .ToList());
    }
}
