using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Features;

/// <summary>
/// Replaces the working setup's behaviours with the ones sent, in the 003 shape. Every rule
/// broken is reported at once with its JSON pointer (422); nothing is saved then.
/// </summary>
public sealed record SaveBehaviorsRequest(JsonNode? Behaviors, int? Version);

public static class SaveBehaviorsEndpoint
{
    public static void MapSaveBehaviors(this IEndpointRouteBuilder agents) =>
        agents.MapPut("/{id:guid}/behaviors", Handle).WithName("SaveBehaviors").WithSummary("Save an agent's AI behaviours (actionsAttributes schema)");

    private static Task<Results<Ok<AgentView>, ProblemHttpResult>> Handle(
        Guid id, SaveBehaviorsRequest request, HttpContext http, AgentEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "behaviors", agent =>
        {
            var violations = new Violations();
            var behaviors = BehaviorRules.Read(request.Behaviors, agent.Working.Behaviors, violations);
            if (violations.Any) return Problems.Invalid("The behaviours break the rules below; nothing was saved.", violations.ToDictionary());
            agent.Working.Behaviors = behaviors;
            return null;
        }, cancellationToken);
}
