using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Accounts.Features;

/// <summary>
/// Disconnects an account and deletes its secrets. Refused while any action (draft, paused or
/// active) uses it, with those actions listed: switch them to another account or delete them first.
/// The check and the delete hold the account's lock, which a switch to the account shares, so a
/// disconnect racing a switch cannot both succeed (<see cref="AccountLock"/>).
/// </summary>
public static class DisconnectAccountEndpoint
{
    public static void MapDisconnectAccount(this IEndpointRouteBuilder accounts) =>
        accounts.MapDelete("/{id}", Handle).WithName("DisconnectAccount").WithSummary("Disconnect an account no action uses, deleting its secrets");

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        string id, HttpContext http, IDocumentSession session, IMartenOutbox outbox, IMessageBus bus, TimeProvider clock, CancellationToken cancellationToken)
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
        outbox.Enroll(session);
        session.Delete(account);
        session.Delete<AccountSecrets>(id);
        await outbox.RecordAsync(new Audited(session.TenantId, Actor.Name(http), "account disconnected", $"account {id}", account.DisplayName, now));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
