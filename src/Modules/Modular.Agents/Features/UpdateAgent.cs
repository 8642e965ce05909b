using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Features;

public sealed record UpdateAgentRequest(string? Name, string? Description, int? Version);

public sealed record ChangeAgentStateRequest(string? State, int? Version);

/// <summary>Rename and describe an agent; activate or pause it (pausing stops every trigger of its actions).</summary>
public static class UpdateAgentEndpoint
{
    public static void MapUpdateAgent(this IEndpointRouteBuilder agents)
    {
        agents.MapPut("/{id:guid}", Update).WithName("UpdateAgent").WithSummary("Rename or describe an agent");
        agents.MapPut("/{id:guid}/state", ChangeState).WithName("ChangeAgentState").WithSummary("Activate or pause an agent");
    }

    private static Task<Results<Ok<AgentView>, ProblemHttpResult>> Update(
        Guid id, UpdateAgentRequest request, HttpContext http, AgentEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "details", agent =>
        {
            var violations = new Violations();
            AgentRules.CheckNameAndDescription(request.Name, request.Description, violations);
            if (violations.Any) return Problems.Invalid("The agent cannot be saved.", violations.ToDictionary());
            agent.Name = request.Name!.Trim();
            agent.Description = request.Description?.Trim() ?? "";
            return null;
        }, cancellationToken);

    private static Task<Results<Ok<AgentView>, ProblemHttpResult>> ChangeState(
        Guid id, ChangeAgentStateRequest request, HttpContext http, AgentEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "state", agent =>
        {
            AgentState? state = request.State?.Trim().ToLowerInvariant() switch
            {
                "active" => AgentState.Active,
                "paused" => AgentState.Paused,
                _ => null,
            };
            if (state is null) return Problems.Invalid("The state cannot be changed.", new Dictionary<string, string[]> { ["/state"] = ["Choose active or paused."] });
            agent.State = state.Value;
            return null;
        }, cancellationToken);
}
