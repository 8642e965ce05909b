using Marten;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Connectors;
using Wolverine;

namespace Modular.Accounts.Features;

/// <summary>An account as the console lists it: never a secret, only which secret fields are set.</summary>
public sealed record AccountView(
    string Id,
    string ConnectorId,
    string ConnectorName,
    string Method,
    string Name,
    /// <summary>connected, needsReconnecting (revoked at the vendor), or unreadable (its secrets cannot be opened on this node).</summary>
    string Status,
    string? Problem,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<string> SecretFields,
    string ConnectedBy,
    DateTimeOffset ConnectedAt,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    string? ExternalName,
    bool Demo,
    IReadOnlyList<AccountUserView> UsedBy);

public sealed record AccountUserView(Guid ActionId, string Name);

public sealed record AccountPage(IReadOnlyList<AccountView> Items, long Total, int Page, int PageSize);

internal static class AccountViews
{
    /// <summary>Views of <paramref name="accounts"/> with the actions that use each and whether their secrets open.</summary>
    public static async Task<IReadOnlyList<AccountView>> OfAsync(
        IReadOnlyList<ConnectedAccount> accounts, IQuerySession session, IMessageBus bus, AccountVault vault, IConnectorCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (accounts.Count == 0) return [];
        var ids = accounts.Select(a => a.Id).ToArray();
        var use = await bus.InvokeForTenantAsync<AccountUse>(session.TenantId, new FindAccountUse(ids), cancellationToken);
        var secrets = (await session.LoadManyAsync<AccountSecrets>(cancellationToken, ids)).ToDictionary(s => s.Id);
        return accounts.Select(account =>
        {
            var open = vault.Open(secrets.GetValueOrDefault(account.Id));
            var connector = catalog.FindConnector(account.ConnectorId);
            return new AccountView(
                account.Id, account.ConnectorId, connector?.DisplayName ?? account.ConnectorId, account.Method, account.DisplayName,
                open is null ? "unreadable" : account.NeedsReconnecting ? "needsReconnecting" : "connected",
                open is null ? AccountVault.Unreadable : account.NeedsReconnecting ? OAuth.AccountRefresh.NeedsReconnecting(account, connector?.DisplayName) : null,
                account.Settings, open?.Keys.Order().ToList() ?? [],
                account.ConnectedBy, account.ConnectedAt, account.UpdatedBy, account.UpdatedAt, account.ExternalName, account.Demo,
                use.Of(account.Id).Select(u => new AccountUserView(u.ActionId, u.ActionName)).ToList());
        }).ToList();
    }
}
