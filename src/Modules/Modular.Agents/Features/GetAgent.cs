using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Features;

public static class GetAgentEndpoint
{
    public static void MapGetAgent(this IEndpointRouteBuilder agents)
    {
        agents.MapGet("/{id:guid}", Handle).WithName("GetAgent").WithSummary("An agent with its working (test) and published setups");
        agents.MapGet("/{id:guid}/history", History).WithName("GetAgentHistory").WithSummary("Every change of an agent and its behaviours");
    }

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> Handle(Guid id, HttpContext http, IQuerySession session, CancellationToken cancellationToken)
    {
        var agent = await session.LoadAsync<Agent>(id, cancellationToken);
        if (agent is null) return Problems.NotFound("Agent", id.ToString());
        http.Response.Headers.ETag = ExpectedVersion.ETag(agent.Version);
        return TypedResults.Ok(AgentView.From(agent));
    }

    private static async Task<Results<Ok<IReadOnlyList<AgentChange>>, ProblemHttpResult>> History(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!await session.Query<Agent>().AnyAsync(a => a.Id == id, cancellationToken)) return Problems.NotFound("Agent", id.ToString());
        var changes = await session.Query<AgentChange>().Where(c => c.SubjectId == id).OrderByDescending(c => c.Version).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(changes);
    }
}
