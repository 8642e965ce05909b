using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

public static class GetActionHistoryEndpoint
{
    public static void MapGetActionHistory(this IEndpointRouteBuilder actions) =>
        actions.MapGet("/{id:guid}/history", Handle).WithName("GetActionHistory").WithSummary("Every change of an action: who, when, what");

    private static async Task<Results<Ok<IReadOnlyList<ActionChange>>, ProblemHttpResult>> Handle(
        Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!await session.Query<ActionDefinition>().AnyAsync(a => a.Id == id, cancellationToken))
            return Problems.NotFound("Action", id.ToString());
        var changes = await session.Query<ActionChange>().Where(c => c.SubjectId == id)
            .OrderByDescending(c => c.Version).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(changes);
    }
}
