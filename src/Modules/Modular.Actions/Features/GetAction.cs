using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

public static class GetActionEndpoint
{
    public static void MapGetAction(this IEndpointRouteBuilder actions) =>
        actions.MapGet("/{id:guid}", Handle).WithName("GetAction").WithSummary("An action with its SOP, code, state and version");

    private static async Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, IQuerySession session, IConnectorCatalog catalog, CancellationToken cancellationToken)
    {
        var action = await session.LoadAsync<ActionDefinition>(id, cancellationToken);
        if (action is null) return Problems.NotFound("Action", id.ToString());
        http.Response.Headers.ETag = ExpectedVersion.ETag(action.Version);
        return TypedResults.Ok(ActionView.From(action, catalog));
    }
}
