using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Domain;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.Plugins.Sdk;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Accounts.Features;

/// <param name="Method">The connector's method: ApiKey, Bearer or Basic (OAuth 2.0 accounts connect through the consent pop-up).</param>
/// <param name="Values">The method's fields, by key; secret ones are sealed, the others kept as settings.</param>
public sealed record ConnectAccountRequest(string? ConnectorId, string? Method, string? Name, Dictionary<string, string?>? Values);

/// <summary>
/// Connects an account that authenticates with fields (an API key, a token, a user name and
/// password): checked against the connector's fields, tried with its test call where it has one
/// (an API key the vendor refuses is not saved), then stored with its secrets sealed.
/// </summary>
public static class ConnectAccountEndpoint
{
    public static void MapConnectAccount(this IEndpointRouteBuilder accounts) =>
        accounts.MapPost("/", Handle).WithName("ConnectAccount").WithSummary("Connect an API-key, bearer-token or basic account, tested first where the connector can");

    private static async Task<Results<Created<AccountView>, ProblemHttpResult>> Handle(
        ConnectAccountRequest request, HttpContext http, IDocumentSession session, IMartenOutbox outbox, IMessageBus bus, AccountVault vault,
        IConnectorCatalog catalog, ConnectorCalls calls, TimeProvider clock, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var connector = string.IsNullOrWhiteSpace(request.ConnectorId) || request.ConnectorId.Length > 100 ? null : catalog.FindConnector(request.ConnectorId);
        if (connector is null)
        {
            violations.Add("/connectorId", string.IsNullOrWhiteSpace(request.ConnectorId) ? "Choose a connector." : "No installed connector has this id.");
            return Problems.Invalid("The account cannot be connected.", violations.ToDictionary());
        }
        var method = FindMethod(connector, request.Method, violations);
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"{connector.DisplayName} account" : request.Name.Trim();
        if (name.Length > 100) violations.Add("/name", "The name is limited to 100 characters.");
        var credentials = method is null ? null : AccountCredentials.Read(method, request.Values, null, violations);
        if (violations.Any || method is null || credentials is null) return Problems.Invalid("The account cannot be connected.", violations.ToDictionary());

        var id = Guid.CreateVersion7().ToString("N");
        if (await credentials.TestAsync(id, connector, method, calls, cancellationToken) is { } refusal)
            return Problems.Invalid("The account cannot be connected.", new Dictionary<string, string[]> { ["/values"] = [refusal] });

        var actor = Actor.Name(http);
        var now = clock.GetUtcNow();
        var account = new ConnectedAccount
        {
            Id = id,
            ConnectorId = connector.Id,
            Method = method.Kind.ToString(),
            DisplayName = name,
            Settings = credentials.Settings.ToDictionary(),
            ConnectedBy = actor,
            ConnectedAt = now,
        };
        outbox.Enroll(session);
        session.Insert(account);
        session.Insert(vault.Seal(id, credentials.Secrets));
        await outbox.RecordAsync(new Audited(session.TenantId, actor, "account connected", $"account {id}", $"{connector.DisplayName}: {name}", now));
        await session.SaveChangesAsync(cancellationToken);
        var view = (await AccountViews.OfAsync([account], session, bus, vault, catalog, cancellationToken))[0];
        return TypedResults.Created($"/api/accounts/{id}", view);
    }

    internal static ConnectorAuth? FindMethod(ConnectorManifest connector, string? method, Violations violations)
    {
        var methods = connector.AuthMethods.Where(a => a.Kind is AuthKind.ApiKey or AuthKind.Bearer or AuthKind.Basic).ToList();
        var found = methods.FirstOrDefault(a => string.Equals(a.Kind.ToString(), method, StringComparison.OrdinalIgnoreCase));
        if (found is not null) return found;
        violations.Add("/method", methods.Count == 0
            ? $"{connector.DisplayName} accounts do not connect with fields{(connector.AuthMethods.Any(a => a.Kind == AuthKind.OAuth2) ? "; they connect through the provider's consent page" : "")}."
            : $"Choose one of {string.Join(", ", methods.Select(m => $"{m.Kind} ({m.DisplayName})"))}.");
        return null;
    }
}
