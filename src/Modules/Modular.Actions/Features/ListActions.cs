using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

public sealed record ActionPage(IReadOnlyList<ActionSummary> Items, long Total, int Page, int PageSize);

/// <summary>My actions: filter by state (draft, active, paused, published), type, connector and text.</summary>
public static class ListActionsEndpoint
{
    public static void MapListActions(this IEndpointRouteBuilder actions) =>
        actions.MapGet("/", Handle).WithName("ListActions").WithSummary("My actions, filtered, sorted and paged");

    private static async Task<Results<Ok<ActionPage>, ProblemHttpResult>> Handle(
        IQuerySession session, CancellationToken cancellationToken,
        string? state = null, string? type = null, string? connector = null, string? q = null,
        string sort = "-updated", int page = 1, int pageSize = 20)
    {
        if (Paging.Check(page, pageSize) is { } paging) return paging;
        if (q is { Length: > 200 }) return Problems.BadRequest("The search text is limited to 200 characters.");

        var query = session.Query<ActionDefinition>().AsQueryable();
        switch (state?.ToLowerInvariant())
        {
            case null or "": break;
            case "draft": query = query.Where(a => a.State == ActionState.Draft); break;
            case "active": query = query.Where(a => a.State == ActionState.Active); break;
            case "paused": query = query.Where(a => a.State == ActionState.Paused); break;
            case "published": query = query.Where(a => a.State != ActionState.Draft); break;
            default: return Problems.BadRequest("state is one of draft, active, paused, published.");
        }
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(a => a.Type.Equals(type, StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(connector)) query = query.Where(a => a.ConnectorId == connector);
        if (!string.IsNullOrWhiteSpace(q)) { var text = q.Trim().ToLowerInvariant(); query = query.Where(a => a.SearchText.Contains(text)); }

        query = sort switch
        {
            "name" => query.OrderBy(a => a.Name),
            "-name" => query.OrderByDescending(a => a.Name),
            "updated" => query.OrderBy(a => a.UpdatedAt),
            "-updated" => query.OrderByDescending(a => a.UpdatedAt),
            _ => null!,
        };
        if (query is null) return Problems.BadRequest("sort is one of name, -name, updated, -updated.");

        var results = await query.ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new ActionPage(results.Select(ActionSummary.From).ToList(), results.TotalItemCount, page, pageSize));
    }
}
