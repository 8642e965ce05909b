using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;

namespace Modular.Agents.Features;

/// <summary>Publishes the tested working setup: it becomes what runs live.</summary>
public sealed record PublishAgentRequest(int? Version);

public static class PublishAgentEndpoint
{
    public static void MapPublishAgent(this IEndpointRouteBuilder agents) =>
        agents.MapPost("/{id:guid}/publish", Handle).WithName("PublishAgent").WithSummary("Publish an agent's working setup");

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> Handle(
        Guid id, PublishAgentRequest? request, HttpContext http, AgentEditor editor, IMessageBus bus,
        WorkspaceContext workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> previouslyPublished = [];
        var result = await editor.EditAsync(id, http, request?.Version, "published", agent =>
        {
            previouslyPublished = agent.Published?.Actions.Select(a => a.ActionId).ToList() ?? [];
            agent.Published = agent.Working.Copy();
            agent.PublishedAt = clock.GetUtcNow();
            return null;
        }, cancellationToken);

        if (result.Result is Ok<AgentView> published)
            await ActionRelease.ReleaseUnusedAsync(bus, workspace.Id, ToAgent(published.Value!), previouslyPublished, cancellationToken);
        return result;
    }

    private static Agent ToAgent(AgentView view) => new() { Id = view.Id, Working = view.Working, Published = view.Published };
}
