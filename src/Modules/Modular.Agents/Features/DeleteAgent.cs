using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Contracts;
using Modular.Agents.Domain;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Agents.Features;

/// <summary>
/// Deletes an agent and its history, if it is still at the version the caller read (If-Match). Its
/// actions are detached, never deleted: <see cref="AgentDeleted"/> commits with the deletion, and the
/// Actions module releases the agent's claims from it.
/// </summary>
public static class DeleteAgentEndpoint
{
    public static void MapDeleteAgent(this IEndpointRouteBuilder agents) =>
        agents.MapDelete("/{id:guid}", Handle).WithName("DeleteAgent").WithSummary("Delete an agent (its actions stay)");

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, IDocumentSession session, IMartenOutbox outbox, WorkspaceContext workspace, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ExpectedVersion.TryRead(http.Request, null, out var expected, out var versionProblem)) return versionProblem!;
        var agent = await session.LoadForChangeAsync<Agent>(id, cancellationToken);
        if (agent is null) return Problems.NotFound("Agent", id.ToString());
        if (agent.Version != expected) return ExpectedVersion.Stale("agent", expected, agent.Version);
        outbox.Enroll(session);
        session.Delete(agent);
        session.DeleteWhere<AgentChange>(c => c.SubjectId == id);
        await outbox.PublishAsync(new AgentDeleted(id.ToString(), [.. agent.ActionsInUse]), new DeliveryOptions { TenantId = workspace.Id });
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "agent deleted", $"agent {id}", agent.Name, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
