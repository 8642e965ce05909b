using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>The state dropdown on the action page: Active or Paused.</summary>
public sealed record ChangeActionStateRequest(string? State, int? Version);

public static class ChangeActionStateEndpoint
{
    public static void MapChangeActionState(this IEndpointRouteBuilder actions) =>
        actions.MapPut("/{id:guid}/state", Handle).WithName("ChangeActionState").WithSummary("Set a published action active or paused");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, ChangeActionStateRequest request, HttpContext http, ActionEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "state", (action, _) =>
        {
            var state = request.State?.Trim().ToLowerInvariant() switch
            {
                "active" => ActionState.Active,
                "paused" => ActionState.Paused,
                _ => (ActionState?)null,
            };
            if (state is null)
                return Problems.Invalid("The state cannot be changed.", new Dictionary<string, string[]> { ["/state"] = ["Choose active or paused."] });
            if (!action.IsPublished)
                return Problems.Conflict("A draft cannot be activated or paused: save the action (publish it) first.");
            action.State = state.Value;
            return null;
        }, cancellationToken);
}
