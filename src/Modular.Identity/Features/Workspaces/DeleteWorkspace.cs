using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Identity.Invitations;
using Modular.Identity.Members;
using Modular.Identity.OAuthClients;
using Modular.Identity.Workspaces;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace Modular.Identity.Features.Workspaces;

/// <summary>
/// Deletes a workspace for good (owners only, signed in: no API key or access token). Its members,
/// invitations, API keys and OAuth clients go in the same transaction, so nobody reaches it from the
/// next request on; every other module deletes its data on <see cref="WorkspaceDeleted"/>, committed
/// with it. The workspace is kept as a tombstone so its id is not reused.
/// </summary>
public static class DeleteWorkspaceEndpoint
{
    public static void MapDeleteWorkspace(this IEndpointRouteBuilder workspaces) =>
        workspaces.MapDelete("/{id}", Handle).WithName("DeleteWorkspace")
            .WithSummary("Delete a workspace with everything in it: actions, agents, runs, documents, accounts, members, keys, audit (owners)")
            .WithoutWorkspace();

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        string id, HttpContext http, OutboxedSessionFactory sessions, IMessageBus outbox, ILoggerFactory loggers, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (http.User.IsMachine() || http.User.UserId() is not { } userId)
            return Problems.Forbidden("An API key or access token cannot delete a workspace; sign in as one of its owners.");
        if (id.Length > 64) return Problems.NotFound("Workspace", id);

        // No workspace is resolved for this route: the session is enlisted in the bus's outbox here.
        await using var session = sessions.OpenSession(outbox);
        await MembersLock.TakeAsync(session, id, cancellationToken);
        var workspace = await session.LoadAsync<Workspace>(id, cancellationToken);
        var member = await session.LoadAsync<Membership>(Membership.IdOf(id, userId), cancellationToken);
        if (workspace is null || workspace.DeletedAt is not null || member is null) return Problems.NotFound("Workspace", id);
        if (member.Role < WorkspaceRole.Owner)
            return Problems.Forbidden($"Only an owner can delete the workspace; you are {member.Role.Describe()}.");

        var now = clock.GetUtcNow();
        session.Store(workspace with { DeletedAt = now });
        session.DeleteWhere<Membership>(m => m.WorkspaceId == id);
        var keyIds = await session.Query<ApiKey>().Where(k => k.WorkspaceId == id).Select(k => k.Id).ToListAsync(cancellationToken);
        session.DeleteWhere<ApiKeyUse>(u => keyIds.Contains(u.Id));
        session.DeleteWhere<ApiKey>(k => k.WorkspaceId == id);
        session.DeleteWhere<Invitation>(i => i.WorkspaceId == id);
        session.DeleteWhere<OAuthClient>(c => c.WorkspaceId == id);
        await outbox.PublishAsync(new WorkspaceDeleted(id, now), new DeliveryOptions { TenantId = id });
        await session.SaveChangesAsync(cancellationToken);
        // The workspace's audit log goes with it, so the deletion itself is recorded in the host log.
        loggers.CreateLogger(typeof(DeleteWorkspaceEndpoint)).LogWarning("Workspace {Workspace} ('{Name}') was deleted by {Who}", id, workspace.Name, Actor.Name(http));
        return TypedResults.NoContent();
    }
}
