using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Contracts;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Actions.Features;

/// <summary>
/// Deletes an action permanently, with its history; its runs, logs and documents follow through
/// <see cref="ActionDeleted"/>. Like every write it names the version it was based on (If-Match):
/// an action changed since is not deleted. Refused while any agent uses it: the check and the delete
/// hold the action's row lock, which an attach takes too to claim the action before the agent commits,
/// so a delete racing an attach cannot both succeed. A claim whose attach never committed is withdrawn
/// by the Agents module's check (<see cref="ActionUseClaimed"/>), so it cannot keep the action forever.
/// </summary>
public static class DeleteActionEndpoint
{
    public static void MapDeleteAction(this IEndpointRouteBuilder actions) =>
        actions.MapDelete("/{id:guid}", Handle).WithName("DeleteAction").WithSummary("Delete an action no agent uses");

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, IDocumentStore store, WorkspaceContext workspace, IMartenOutbox outbox,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ExpectedVersion.TryRead(http.Request, null, out var expected, out var versionProblem)) return versionProblem!;
        await using var session = store.LightweightSession(workspace.Id);
        var action = await session.LoadForChangeAsync<ActionDefinition>(id, cancellationToken);
        if (action is null) return Problems.NotFound("Action", id.ToString());
        if (action.Version != expected) return ExpectedVersion.Stale("action", expected, action.Version);
        if (action.UsedBy.Count > 0) return InUse(action);

        outbox.Enroll(session);
        session.Delete(action);
        session.DeleteWhere<ActionChange>(c => c.SubjectId == id);
        await outbox.PublishAsync(new ActionDeleted(id, clock.GetUtcNow()), new DeliveryOptions { TenantId = workspace.Id });
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "action deleted", $"action {id}", action.Name, clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult InUse(ActionDefinition action) =>
        Problems.Conflict(
            $"'{action.Name}' is used by {action.UsedBy.Count} agent(s): {string.Join(", ", action.UsedBy.Select(a => a.AgentName))}. Remove it from those agents before deleting it.",
            new Dictionary<string, object?> { ["agents"] = AgentUseView.Of(action) });
}
