using Marten;
using Modular.BuildingBlocks.Persistence;
using Modular.Actions.Contracts;
using Modular.Actions.Domain;

namespace Modular.Actions.Features;

/// <summary>
/// The Actions module's half of attaching an action to an agent: only a published action can be
/// used, and the use is recorded on the action itself, under its row lock.
/// </summary>
public static class UseActionInAgentHandler
{
    public static async Task<ActionUseResult> Handle(UseActionInAgent command, IDocumentSession session, CancellationToken cancellationToken)
    {
        var action = await session.LoadForChangeAsync<ActionDefinition>(command.ActionId, cancellationToken);
        if (action is null) return new ActionUseResult(command.ActionId, ActionUseOutcome.NotFound);
        if (!action.IsPublished) return new ActionUseResult(command.ActionId, ActionUseOutcome.NotPublished, action.Name);
        if (action.UsedBy.All(u => u.AgentId != command.AgentId))
        {
            action.UsedBy.Add(new AgentUse(command.AgentId, command.AgentName));
            session.UpdateRevision(action, action.Version + 1);
        }
        return new ActionUseResult(command.ActionId, ActionUseOutcome.Attached, action.Name);
    }
}

public static class ReleaseActionFromAgentHandler
{
    public static async Task Handle(ReleaseActionFromAgent command, IDocumentSession session, CancellationToken cancellationToken)
    {
        var action = await session.LoadForChangeAsync<ActionDefinition>(command.ActionId, cancellationToken);
        if (action is null || action.UsedBy.RemoveAll(u => u.AgentId == command.AgentId) == 0) return;
        session.UpdateRevision(action, action.Version + 1);
    }
}
