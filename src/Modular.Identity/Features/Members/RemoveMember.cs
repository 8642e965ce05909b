using Marten;
using Wolverine.Marten;
using Modular.BuildingBlocks.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Identity.Members;

namespace Modular.Identity.Features.Members;

/// <summary>
/// Removes a member (an admin, or the member leaving). Their API keys for the workspace stop working
/// at once, since a key works only while its creator is a member. The last owner cannot leave.
/// </summary>
public static class RemoveMemberEndpoint
{
    public static void MapRemoveMember(this IEndpointRouteBuilder members) =>
        members.MapDelete("/{userId:guid}", Handle).WithName("RemoveMember").WithSummary("Remove a member from the workspace, or leave it")
            .RequireRole(WorkspaceRole.Viewer);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid userId, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var leaving = http.User.UserId() == userId;
        if (!leaving && workspace.Role < WorkspaceRole.Admin)
            return Problems.Forbidden($"Removing another member needs the admin role; you are {workspace.Role.Describe()}.");

        await using var session = store.LightweightSession();
        await MembersLock.TakeAsync(session, workspace.Id, cancellationToken);
        var member = await session.LoadAsync<Membership>(Membership.IdOf(workspace.Id, userId), cancellationToken);
        if (member is null) return Problems.NotFound("Member", userId.ToString());
        if (member.Role == WorkspaceRole.Owner && !leaving && workspace.Role < WorkspaceRole.Owner)
            return Problems.Forbidden("Only an owner can remove an owner.");
        if (member.Role == WorkspaceRole.Owner && await Roles.OwnersAsync(session, workspace.Id, cancellationToken) == 1)
            return Problems.Conflict("A workspace keeps at least one owner: make another member owner first.");

        session.Delete(member);
        var now = clock.GetUtcNow();
        foreach (var key in await session.Query<ApiKey>().Where(k => k.WorkspaceId == workspace.Id && k.UserId == userId && k.RevokedAt == null).ToListAsync(cancellationToken))
            session.Store(key with { RevokedAt = now });
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), leaving ? "member left" : "member removed", member.Email, member.Role.Describe(), now));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
