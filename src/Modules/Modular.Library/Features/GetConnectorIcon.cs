using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Library.Features;

/// <summary>
/// A connector's SVG icon, as its plugin declares it (checked at load: a picture, no script). Sandboxed
/// and not sniffed all the same, since an SVG opened on its own is a document of this origin.
/// </summary>
public static class GetConnectorIconEndpoint
{
    public static void MapGetConnectorIcon(this IEndpointRouteBuilder connectors) =>
        connectors.MapGet("/{connectorId}/icon", Handle).WithName("GetConnectorIcon").WithSummary("A connector's icon (SVG)").WithoutWorkspace();

    private static Results<ContentHttpResult, ProblemHttpResult> Handle(string connectorId, HttpContext http, IConnectorCatalog catalog)
    {
        if (catalog.FindConnector(connectorId) is not { Icon.Length: > 0 } connector) return Problems.NotFound("Connector icon", connectorId);
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // The address names the plugin's version (ConnectorIcons.IconUrl): a day is safe, and an update changes the address.
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.Content(connector.Icon, "image/svg+xml; charset=utf-8");
    }
}
