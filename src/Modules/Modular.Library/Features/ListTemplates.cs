using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;

namespace Modular.Library.Features;

public sealed record TemplateList(IReadOnlyList<TemplateView> Items, int Total);

public static class ListTemplatesEndpoint
{
    public const int MaxSearchLength = 200;

    public static void MapListTemplates(this IEndpointRouteBuilder library) =>
        library.MapGet("/templates", Handle).WithName("ListTemplates")
            .WithSummary("Browse templates: all, by type, or matching a search text");

    private static Results<Ok<TemplateList>, ProblemHttpResult> Handle(IConnectorCatalog catalog, string? type = null, string? q = null)
    {
        if (q is { Length: > MaxSearchLength })
            return Problems.BadRequest($"The search text is limited to {MaxSearchLength} characters.");

        var words = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = catalog.Connectors
            .SelectMany(c => c.Templates.Select(t => new CatalogTemplate(c, t)))
            .Where(t => string.IsNullOrWhiteSpace(type) || string.Equals(t.Type, type.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(t => words.All(word => Matches(t, word)))
            .OrderBy(t => t.Type, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Template.Name, StringComparer.OrdinalIgnoreCase)
            .Select(TemplateView.From)
            .ToList();
        return TypedResults.Ok(new TemplateList(items, items.Count));
    }

    private static bool Matches(CatalogTemplate entry, string word) =>
        new[] { entry.Template.Name, entry.Template.Description, entry.Type, entry.Connector.DisplayName, entry.Template.Id }
            .Any(text => text.Contains(word, StringComparison.OrdinalIgnoreCase));
}
