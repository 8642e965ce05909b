using Marten;
using Modular.Actions.Contracts;
using Modular.Actions.Domain;

namespace Modular.Actions.Features;

/// <summary>Answers the Runs module when a trigger fires, for the message's workspace.</summary>
public static class DescribeActionForRunHandler
{
    public static async Task<ActionRunInfo> Handle(DescribeActionForRun request, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<ActionDefinition>(request.ActionId, cancellationToken) is { } action
            ? new ActionRunInfo(action.Id, true, action.Name, ActionView.StateName(action.State), action.Code, action.ConnectorId,
                action.AccountId, action.UsedBy.Select(u => u.AgentId).ToList())
            : new ActionRunInfo(request.ActionId, false);
}
