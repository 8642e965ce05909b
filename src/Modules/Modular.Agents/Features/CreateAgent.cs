using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Features;

public sealed record CreateAgentRequest(string? Name, string? Description);

public static class CreateAgentEndpoint
{
    public static void MapCreateAgent(this IEndpointRouteBuilder agents) =>
        agents.MapPost("/", Handle).WithName("CreateAgent").WithSummary("Create an agent (active, with no actions yet)");

    private static async Task<Results<Created<AgentView>, ProblemHttpResult>> Handle(
        CreateAgentRequest request, HttpContext http, IDocumentSession session, AgentEditor editor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        AgentRules.CheckNameAndDescription(request.Name, request.Description, violations);
        if (violations.Any) return Problems.Invalid("The agent cannot be created.", violations.ToDictionary());

        var actor = Actor.Name(http);
        var now = clock.GetUtcNow();
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Description = request.Description?.Trim() ?? "",
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        session.Insert(agent);
        await editor.RecordCreatedAsync(agent, actor);
        await session.SaveChangesAsync(cancellationToken);

        agent.Version = 1;
        http.Response.Headers.ETag = ExpectedVersion.ETag(1);
        return TypedResults.Created($"/api/agents/{agent.Id}", AgentView.From(agent));
    }
}
