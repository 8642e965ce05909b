using JasperFx.Core;
using Marten;
using Modular.Accounts.Contracts;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Persistence;
using Wolverine.Marten;

namespace Modular.Actions.Features;

/// <summary>Which actions use these accounts: every action kept (a draft or a paused one counts), since deleting removes one for good.</summary>
public static class FindAccountUseHandler
{
    public static async Task<AccountUse> Handle(FindAccountUse request, IQuerySession session, CancellationToken cancellationToken)
    {
        var ids = request.AccountIds.ToArray();
        var users = await session.Query<ActionDefinition>()
            .Where(a => a.AccountId.IsOneOf(ids))
            .OrderBy(a => a.Name)
            .Select(a => new { a.AccountId, a.Id, a.Name })
            .ToListAsync(cancellationToken);
        return new AccountUse(users.Select(u => new AccountUser(u.AccountId!, u.Id, u.Name)).ToList());
    }
}

/// <summary>
/// Replacing an account: every action that uses it is switched to the other account in one
/// transaction, each saved as a new version with its history and audit. The other account's lock is
/// shared, as any switch to an account does, so it cannot be disconnected meanwhile.
/// </summary>
public static class SwitchActionsToAccountHandler
{
    public static async Task<ActionsSwitched> Handle(
        SwitchActionsToAccount request, IDocumentSession session, IMartenOutbox outbox, IConnectorCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Made here on the handler's session (the container's sessions belong to HTTP requests).
        var editor = new ActionEditor(session, outbox, catalog, clock);
        await AccountLock.ShareAsync(session, request.ToAccountId, cancellationToken);
        var ids = await session.Query<ActionDefinition>().Where(a => a.AccountId == request.FromAccountId).Select(a => a.Id).ToListAsync(cancellationToken);
        var switched = new List<AccountUser>();
        foreach (var id in ids.Order())
        {
            var action = await session.LoadForChangeAsync<ActionDefinition>(id, cancellationToken);
            if (action?.AccountId != request.FromAccountId) continue;
            var before = editor.Snapshot(action);
            action.AccountId = request.ToAccountId;
            await editor.StageAsync(action, before, "account", request.By);
            switched.Add(new AccountUser(request.ToAccountId, action.Id, action.Name));
        }
        await session.SaveChangesAsync(cancellationToken);
        return new ActionsSwitched(switched);
    }
}
