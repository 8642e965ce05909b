using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;

namespace Modular.Library.Features;

public sealed record TemplateType(string Name, int Count);

public static class ListTypesEndpoint
{
    public static void MapListTypes(this IEndpointRouteBuilder library) =>
        library.MapGet("/types", Handle).WithName("ListTemplateTypes").WithSummary("The template types, for browsing by type");

    private static Ok<IReadOnlyList<TemplateType>> Handle(IConnectorCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<TemplateType>>(catalog.Connectors
            .SelectMany(c => c.Templates.Select(t => new CatalogTemplate(c, t).Type))
            .GroupBy(type => type, StringComparer.OrdinalIgnoreCase)
            .Select(g => new TemplateType(g.Key, g.Count()))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToList());
}
