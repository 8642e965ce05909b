using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.Library.Domain;

namespace Modular.Library.Features;

public sealed record TemplateList(IReadOnlyList<TemplateView> Items, int Total);

public static class ListTemplatesEndpoint
{
    public const int MaxSearchLength = 200;

    public static void MapListTemplates(this IEndpointRouteBuilder library) =>
        library.MapGet("/templates", Handle).WithName("ListTemplates")
            .WithSummary("Browse templates: all, recent, by type, or matching a search text");

    /// <param name="recent">Only templates this workspace created actions from, the most recent first.</param>
    private static async Task<Results<Ok<TemplateList>, ProblemHttpResult>> Handle(
        IConnectorCatalog catalog, IQuerySession session, CancellationToken cancellationToken,
        string? type = null, string? q = null, bool recent = false)
    {
        if (q is { Length: > MaxSearchLength })
            return Problems.BadRequest($"The search text is limited to {MaxSearchLength} characters.");
        var lastUsed = recent
            ? (await session.Query<RecentTemplate>().OrderByDescending(r => r.LastUsedAt).Take(50).ToListAsync(cancellationToken))
                .ToDictionary(r => r.Id, r => r.LastUsedAt)
            : null;

        var words = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var items = catalog.Connectors
            .SelectMany(c => c.Templates.Select(t => new CatalogTemplate(c, t)))
            .Where(t => string.IsNullOrWhiteSpace(type) || string.Equals(t.Type, type.Trim(), StringComparison.OrdinalIgnoreCase))
            .Where(t => words.All(word => Matches(t, word)))
            .Where(t => lastUsed is null || lastUsed.ContainsKey(t.Template.Id))
            .OrderByDescending(t => lastUsed?.GetValueOrDefault(t.Template.Id))
            .ThenBy(t => t.Type, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Template.Name, StringComparer.OrdinalIgnoreCase)
            .Select(TemplateView.From)
            .ToList();
        return TypedResults.Ok(new TemplateList(items, items.Count));
    }

    private static bool Matches(CatalogTemplate entry, string word) =>
        new[] { entry.Template.Name, entry.Template.Description, entry.Type, entry.Connector.DisplayName, entry.Template.Id }
            .Any(text => text.Contains(word, StringComparison.OrdinalIgnoreCase));
}
