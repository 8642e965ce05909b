using System.Security.Claims;
using Marten;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.Members;

/// <summary>
/// Looked up on every request (no cache), so a removed member or a lowered role counts at once on
/// every node. An API key works only in its own workspace, with the lower of its role and its
/// creator's current one.
/// </summary>
internal sealed class WorkspaceMemberships(IDocumentStore store) : IWorkspaceMemberships
{
    public async ValueTask<WorkspaceMembership?> FindAsync(ClaimsPrincipal caller, string? workspaceId, CancellationToken cancellationToken)
    {
        if (caller.UserId() is not { } userId) return null;
        var keyWorkspace = caller.FindFirstValue(PlatformClaims.Workspace);
        if (keyWorkspace is not null)
        {
            if (workspaceId is not null && workspaceId != keyWorkspace) return null;
            workspaceId = keyWorkspace;
        }

        await using var session = store.QuerySession();
        var membership = workspaceId is null
            ? await session.Query<Membership>().Where(m => m.UserId == userId).OrderBy(m => m.JoinedAt).FirstOrDefaultAsync(cancellationToken)
            : await session.LoadAsync<Membership>(Membership.IdOf(workspaceId, userId), cancellationToken);
        if (membership is null) return null;

        var role = membership.Role;
        if (Enum.TryParse<WorkspaceRole>(caller.FindFirstValue(PlatformClaims.Role), out var keyRole) && keyRole < role) role = keyRole;
        return new WorkspaceMembership(membership.WorkspaceId, role);
    }
}
