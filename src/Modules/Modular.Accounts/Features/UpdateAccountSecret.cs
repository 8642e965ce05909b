using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Domain;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Accounts.Features;

public sealed record UpdateAccountSecretRequest(Dictionary<string, string?>? Values);

/// <summary>
/// Replaces an account's key (or any of its fields; one left out keeps its value), tested first like
/// a new account: the actions that use it keep working with the new one and need no edit.
/// </summary>
public static class UpdateAccountSecretEndpoint
{
    public static void MapUpdateAccountSecret(this IEndpointRouteBuilder accounts) =>
        accounts.MapPut("/{id}/secret", Handle).WithName("UpdateAccountSecret").WithSummary("Replace an account's API key, token or password; its actions keep working");

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> Handle(
        string id, UpdateAccountSecretRequest request, HttpContext http, IDocumentSession session, IMartenOutbox outbox, IMessageBus bus, AccountVault vault,
        IConnectorCatalog catalog, ConnectorCalls calls, TimeProvider clock, CancellationToken cancellationToken)
    {
        var account = id.Length <= 100 ? await session.LoadForChangeAsync<ConnectedAccount>(id, cancellationToken) : null;
        if (account is null) return Problems.NotFound("Account", id);
        var connector = catalog.FindConnector(account.ConnectorId);
        if (connector is null)
            return Problems.Conflict($"The connector '{account.ConnectorId}' is no longer installed, so its accounts cannot be tested or changed. Reinstall its plugin first.");
        var violations = new Violations();
        var method = ConnectAccountEndpoint.FindMethod(connector, account.Method, violations);
        if (method is null) return Problems.Conflict($"'{account.DisplayName}' does not authenticate with fields: reconnect it instead.");

        // A field left out keeps its value; secrets that cannot be opened must all be entered again.
        var current = vault.Open(await session.LoadAsync<AccountSecrets>(id, cancellationToken)) is { } secrets
            ? account.Settings.Concat(secrets).ToDictionary()
            : account.Settings;
        var credentials = AccountCredentials.Read(method, request.Values, current, violations);
        if (credentials is null) return Problems.Invalid("The account cannot be updated.", violations.ToDictionary());
        if (await credentials.TestAsync(id, connector, method, calls, cancellationToken) is { } refusal)
            return Problems.Invalid("The account cannot be updated.", new Dictionary<string, string[]> { ["/values"] = [refusal] });

        var actor = Actor.Name(http);
        var now = clock.GetUtcNow();
        account.Settings = credentials.Settings.ToDictionary();
        account.UpdatedBy = actor;
        account.UpdatedAt = now;
        outbox.Enroll(session);
        session.Store(account);
        session.Store(vault.Seal(id, credentials.Secrets));
        await outbox.RecordAsync(new Audited(session.TenantId, actor, "account secret updated", $"account {id}", account.DisplayName, now));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await AccountViews.OfAsync([account], session, bus, vault, catalog, cancellationToken))[0]);
    }
}
