using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Features;

public sealed record AgentPage(IReadOnlyList<AgentSummary> Items, long Total, int Page, int PageSize);

public static class ListAgentsEndpoint
{
    public static void MapListAgents(this IEndpointRouteBuilder agents) =>
        agents.MapGet("/", Handle).WithName("ListAgents").WithSummary("Agents by name, filtered by state and text, paged");

    private static async Task<Results<Ok<AgentPage>, ProblemHttpResult>> Handle(
        IQuerySession session, CancellationToken cancellationToken, string? state = null, string? q = null, int page = 1, int pageSize = 20)
    {
        if (Paging.Check(page, pageSize) is { } paging) return paging;
        if (q is { Length: > 200 }) return Problems.BadRequest("The search text is limited to 200 characters.");
        var query = session.Query<Agent>().AsQueryable();
        switch (state?.ToLowerInvariant())
        {
            case null or "": break;
            case "active": query = query.Where(a => a.State == AgentState.Active); break;
            case "paused": query = query.Where(a => a.State == AgentState.Paused); break;
            default: return Problems.BadRequest("state is active or paused.");
        }
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(a => a.Name.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase));
        var results = await query.OrderBy(a => a.Name).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new AgentPage(results.Select(AgentSummary.From).ToList(), results.TotalItemCount, page, pageSize));
    }
}
