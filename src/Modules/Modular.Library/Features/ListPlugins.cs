using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;

namespace Modular.Library.Features;

public sealed record PluginView(string Name, string Status, string? Version, IReadOnlyList<string> Connectors, string? Error, DateTimeOffset LoadedAt);

public static class ListPluginsEndpoint
{
    public static void MapListPlugins(this IEndpointRouteBuilder plugins) =>
        plugins.MapGet("/", Handle).WithName("ListPlugins").WithSummary("Loaded plugins, their versions and load errors");

    // The path on disk is left out: it tells a caller about the server, not about the plugin.
    private static Ok<IReadOnlyList<PluginView>> Handle(IConnectorCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<PluginView>>(catalog.Plugins
            .Select(p => new PluginView(p.Name, p.Status.ToString().ToLowerInvariant(), p.Version, p.ConnectorIds, p.Error, p.LoadedAt))
            .ToList());
}
