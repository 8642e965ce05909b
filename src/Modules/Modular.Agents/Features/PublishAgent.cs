using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Modular.Agents.Features;

/// <summary>Publishes the tested working setup: it becomes what runs live.</summary>
public sealed record PublishAgentRequest(int? Version);

public static class PublishAgentEndpoint
{
    public static void MapPublishAgent(this IEndpointRouteBuilder agents) =>
        agents.MapPost("/{id:guid}/publish", Handle).WithName("PublishAgent").WithSummary("Publish an agent's working setup");

    // Actions the published setup had and the working one has not are released with the commit (AgentEditor).
    private static Task<Results<Ok<AgentView>, ProblemHttpResult>> Handle(
        Guid id, PublishAgentRequest? request, HttpContext http, AgentEditor editor, TimeProvider clock, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request?.Version, "published", agent =>
        {
            agent.Published = agent.Working.Copy();
            agent.PublishedAt = clock.GetUtcNow();
            return null;
        }, cancellationToken);
}
