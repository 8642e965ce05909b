using Marten;
using Modular.Actions.Contracts;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Persistence;
using Wolverine;

namespace Modular.Actions.Features;

/// <summary>
/// The Actions module's half of attaching an action to an agent: only a published action can be
/// used, and the use is claimed on the action itself, under its row lock, before the agent commits.
/// The claim commits with an <see cref="ActionUseClaimed"/> for the Agents module to check it, so an
/// attach that dies before its agent commits leaves no lasting claim.
/// </summary>
public static class UseActionInAgentHandler
{
    public static async Task<ActionUseResult> Handle(
        UseActionInAgent command, IDocumentSession session, IMessageContext messages, CancellationToken cancellationToken)
    {
        var action = await session.LoadForChangeAsync<ActionDefinition>(command.ActionId, cancellationToken);
        if (action is null) return new ActionUseResult(command.ActionId, ActionUseOutcome.NotFound);
        if (!action.IsPublished) return new ActionUseResult(command.ActionId, ActionUseOutcome.NotPublished, action.Name);

        // A new claim even when the agent has one (in its other setup, say): the check of this attach
        // answers for this claim only.
        var claim = Guid.CreateVersion7();
        action.UsedBy.RemoveAll(u => u.AgentId == command.AgentId);
        action.UsedBy.Add(new AgentUse(command.AgentId, command.AgentName, claim, command.AgentVersion));
        session.UpdateRevision(action, action.Version + 1);
        await messages.PublishAsync(new ActionUseClaimed(action.Id, command.AgentId, claim));
        return new ActionUseResult(command.ActionId, ActionUseOutcome.Attached, action.Name);
    }
}

/// <summary>
/// Keeps the usage record in step with the Agents module's committed changes. Each message is
/// applied under the action's row lock and is idempotent (a redelivery changes nothing), and the
/// versions and claims they carry make their order irrelevant: a release applies only to claims made
/// before the change it was committed with, and a check's answer only to the claim it checked.
/// </summary>
public static class ActionUsageHandler
{
    // Every attach claims the action first (UseActionInAgent), so no claim here means a later
    // release was applied already, or the action is gone: there is nothing to confirm.
    public static Task Handle(ActionAttachedToAgent attached, IDocumentSession session, CancellationToken cancellationToken) =>
        Change(session, attached.ActionId, uses =>
        {
            var index = uses.FindIndex(u => u.AgentId == attached.AgentId);
            if (index < 0 || uses[index].AgentName == attached.AgentName) return false;
            uses[index] = uses[index] with { AgentName = attached.AgentName };
            return true;
        }, cancellationToken);

    public static Task Handle(ActionDetachedFromAgent detached, IDocumentSession session, CancellationToken cancellationToken) =>
        Change(session, detached.ActionId, uses => uses.RemoveAll(u => u.AgentId == detached.AgentId && u.Since < detached.AgentVersion) > 0, cancellationToken);

    // A deleted agent never comes back (and cannot be attached to anything once deleted).
    public static async Task Handle(AgentDeleted deleted, IDocumentSession session, CancellationToken cancellationToken)
    {
        foreach (var actionId in deleted.ActionIds.Distinct().Order())
            await Change(session, actionId, uses => uses.RemoveAll(u => u.AgentId == deleted.AgentId) > 0, cancellationToken);
    }

    public static Task Handle(ActionUseNotBacked notBacked, IDocumentSession session, CancellationToken cancellationToken) =>
        Change(session, notBacked.ActionId, uses => uses.RemoveAll(u => u.AgentId == notBacked.AgentId && u.Claim == notBacked.Claim) > 0, cancellationToken);

    private static async Task Change(IDocumentSession session, Guid actionId, Func<List<AgentUse>, bool> change, CancellationToken cancellationToken)
    {
        var action = await session.LoadForChangeAsync<ActionDefinition>(actionId, cancellationToken);
        if (action is null || !change(action.UsedBy)) return;
        session.UpdateRevision(action, action.Version + 1);
    }
}
