using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Contracts;
using Microsoft.Extensions.Logging;
using Modular.Accounts.Domain;
using Modular.Accounts.OAuth;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.Plugins.Sdk;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Accounts.Features;

/// <summary>
/// Disconnects an account and deletes its secrets. Refused while any action (draft, paused or
/// active) uses it, with those actions listed: switch them to another account or delete them first.
/// The check and the delete hold the account's lock, which a switch to the account shares, so a
/// disconnect racing a switch cannot both succeed (<see cref="AccountLock"/>). An OAuth account's
/// tokens are revoked at the vendor afterwards, where the vendor offers revocation.
/// </summary>
public static class DisconnectAccountEndpoint
{
    public static void MapDisconnectAccount(this IEndpointRouteBuilder accounts) =>
        accounts.MapDelete("/{id}", Handle).WithName("DisconnectAccount").WithSummary("Disconnect an account no action uses, deleting its secrets");

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        string id, HttpContext http, IDocumentSession session, IMartenOutbox outbox, IMessageBus bus, AccountVault vault, IConnectorCatalog catalog,
        IHttpClientFactory httpClients, ILogger<AccountVault> logger, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (id.Length > 100) return Problems.NotFound("Account", id);
        await AccountLock.TakeAsync(session, id, cancellationToken);
        var account = await session.LoadAsync<ConnectedAccount>(id, cancellationToken);
        if (account is null) return Problems.NotFound("Account", id);
        var users = (await bus.InvokeForTenantAsync<AccountUse>(session.TenantId, new FindAccountUse([id]), cancellationToken)).Of(id);
        if (users.Count > 0)
            return Problems.Conflict(
                $"'{account.DisplayName}' is used by {users.Count} action(s): {string.Join(", ", users.Take(20).Select(u => u.ActionName))}. " +
                "Switch them to another account or delete them before disconnecting it.",
                new Dictionary<string, object?> { ["actions"] = users.Select(u => new AccountUserView(u.ActionId, u.ActionName)).ToList() });

        var now = clock.GetUtcNow();
        var secrets = vault.Open(await session.LoadAsync<AccountSecrets>(id, cancellationToken));
        outbox.Enroll(session);
        session.Delete(account);
        session.Delete<AccountSecrets>(id);
        await outbox.RecordAsync(new Audited(session.TenantId, Actor.Name(http), "account disconnected", $"account {id}", account.DisplayName, now));
        await session.SaveChangesAsync(cancellationToken);
        await RevokeAsync(account, secrets, catalog, httpClients, logger, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>After the disconnect commits, the vendor is asked to revoke the tokens where it offers that; a failure is logged, the disconnect stands.</summary>
    private static async Task RevokeAsync(
        ConnectedAccount account, IReadOnlyDictionary<string, string>? secrets, IConnectorCatalog catalog, IHttpClientFactory httpClients, ILogger logger, CancellationToken cancellationToken)
    {
        if (secrets is null || !secrets.TryGetValue(OAuthSecrets.AccessToken, out var access)) return;
        var connector = catalog.FindConnector(account.ConnectorId);
        if (connector?.AuthMethods.FirstOrDefault(a => a.Kind == AuthKind.OAuth2)?.OAuth2 is not { } provider) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await provider.RevokeAsync(httpClients.CreateClient(AccountsModule.HttpClient), connector.BaseUrls,
                new OAuth2Tokens(access, secrets.GetValueOrDefault(OAuthSecrets.RefreshToken), null), timeout.Token);
        }
        catch (Exception failure) when (failure is HttpRequestException or EgressException or OperationCanceledException or ConnectorCallException)
        {
            logger.LogWarning("Revoking the tokens of disconnected account {Account} at {Connector} failed: {Reason}", account.Id, connector.Id, failure.Message);
        }
    }
}
