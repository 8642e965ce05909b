using Marten;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;
using Modular.Accounts.OAuth;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Connectors;

namespace Modular.Accounts.Features;

/// <summary>
/// Hands a run its action's account with the secrets opened (an OAuth account's access token refreshed
/// first when it is about to expire), or says plainly why it cannot be used.
/// </summary>
public static class OpenAccountHandler
{
    public static async Task<OpenedAccount> Handle(
        OpenAccount request, IQuerySession session, AccountVault vault, AccountRefresh refresh, IConnectorCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var accountLoad = batch.Load<ConnectedAccount>(request.AccountId);
        var secretsLoad = batch.Load<AccountSecrets>(request.AccountId);
        await batch.Execute(cancellationToken);
        var account = await accountLoad;
        if (account is null) return new OpenedAccount(null, "The account this action uses is no longer connected: choose another account for it.");
        if (account.NeedsReconnecting) return new OpenedAccount(null, AccountRefresh.NeedsReconnecting(account, catalog.FindConnector(account.ConnectorId)?.DisplayName));
        var secrets = vault.Open(await secretsLoad);
        if (secrets is null) return new OpenedAccount(null, $"The account '{account.DisplayName}' cannot be used. {AccountVault.Unreadable}");
        if (AccountRefresh.IsDue(secrets, clock.GetUtcNow()))
        {
            var (fresh, problem) = await refresh.RefreshAsync(session.TenantId, account, cancellationToken);
            if (fresh is null) return new OpenedAccount(null, problem);
            secrets = fresh;
        }
        return new OpenedAccount(AccountVault.ForOperation(account, secrets), null);
    }

    public static async Task<OpenedAccount> Handle(RefreshAccount request, IQuerySession session, AccountRefresh refresh, IConnectorCatalog catalog, CancellationToken cancellationToken)
    {
        var account = await session.LoadAsync<ConnectedAccount>(request.AccountId, cancellationToken);
        if (account is null) return new OpenedAccount(null, "The account this action uses is no longer connected: choose another account for it.");
        if (account.NeedsReconnecting) return new OpenedAccount(null, AccountRefresh.NeedsReconnecting(account, catalog.FindConnector(account.ConnectorId)?.DisplayName));
        var (fresh, problem) = await refresh.RefreshAsync(session.TenantId, account, cancellationToken, request.RejectedAccessToken);
        return fresh is null ? new OpenedAccount(null, problem) : new OpenedAccount(AccountVault.ForOperation(account, fresh), null);
    }
}
