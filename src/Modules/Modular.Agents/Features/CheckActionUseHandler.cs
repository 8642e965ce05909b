using Marten;
using Modular.Actions.Contracts;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Persistence;

namespace Modular.Agents.Features;

/// <summary>
/// Checks a claim the Actions module recorded for an attach. The attach holds the agent's row lock
/// from before it claimed the action until it commits or rolls back, so locking the row here waits
/// for its outcome: an agent that does not use the action then (the attach died or was refused)
/// gets the claim withdrawn. An agent that does keeps it until it releases the action.
/// </summary>
public static class CheckActionUseHandler
{
    public static async Task<ActionUseNotBacked?> Handle(ActionUseClaimed claimed, IDocumentSession session, CancellationToken cancellationToken)
    {
        var agent = Guid.TryParse(claimed.AgentId, out var id) ? await session.LoadForChangeAsync<Agent>(id, cancellationToken) : null;
        return agent is not null && agent.ActionsInUse.Contains(claimed.ActionId)
            ? null
            : new ActionUseNotBacked(claimed.ActionId, claimed.AgentId, claimed.Claim);
    }
}
