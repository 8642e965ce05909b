using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.OAuth;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;

namespace Modular.Accounts.Features;

public sealed record AccountConnectorView(string Id, string Name, string? IconUrl, IReadOnlyList<AccountMethodView> Methods);

/// <param name="Method">ApiKey, Bearer, Basic (connected with <see cref="Fields"/>) or OAuth2 (through the provider's consent page).</param>
/// <param name="Tested">Whether the connector tries the credentials before they are saved.</param>
/// <param name="Unavailable">Why the method cannot be used here (an OAuth 2.0 client not configured), or null.</param>
/// <param name="Demo">Connects through a local simulator of the vendor.</param>
public sealed record AccountMethodView(string Method, string Name, bool Tested, IReadOnlyList<AccountFieldView> Fields, string? Unavailable = null, bool Demo = false);

public sealed record AccountFieldView(string Key, string Label, string Kind, bool Required, string? Help, string? Placeholder);

/// <summary>The installed connectors that have accounts, and how each connects one: what the "Connect an account" form asks.</summary>
public static class ListAccountConnectorsEndpoint
{
    public static void MapListAccountConnectors(this IEndpointRouteBuilder accounts) =>
        accounts.MapGet("/connectors", Handle).WithName("ListAccountConnectors").WithSummary("Connectors that have accounts, with the fields each method asks for");

    private static Ok<IReadOnlyList<AccountConnectorView>> Handle(IConnectorCatalog catalog, OAuthClients clients) =>
        TypedResults.Ok<IReadOnlyList<AccountConnectorView>>(catalog.Connectors
            .Where(c => c.AuthMethods.Any(a => a.Kind != AuthKind.None))
            .OrderBy(c => c.DisplayName)
            .Select(c => new AccountConnectorView(c.Id, c.DisplayName, c.IconUrl(), c.AuthMethods.Where(a => a.Kind != AuthKind.None)
                .Select(a => new AccountMethodView(a.Kind.ToString(), a.DisplayName, a.Test is not null,
                    a.Fields.Select(f => new AccountFieldView(f.Key, f.Label, f.Kind.ToString(), f.Required, f.Help, f.Placeholder)).ToList(),
                    a.Kind == AuthKind.OAuth2 && clients.For(c.Id) is null ? $"No {c.DisplayName} OAuth client is configured on this platform." : null,
                    a.Kind == AuthKind.OAuth2 && clients.For(c.Id) is { Demo: true }))
                .ToList()))
            .ToList());
}
