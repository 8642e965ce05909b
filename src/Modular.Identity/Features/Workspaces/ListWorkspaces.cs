using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Members;
using Modular.Identity.Workspaces;

namespace Modular.Identity.Features.Workspaces;

public static class ListWorkspacesEndpoint
{
    public static void MapListWorkspaces(this IEndpointRouteBuilder workspaces) =>
        workspaces.MapGet("/", Handle).WithName("ListWorkspaces").WithSummary("The workspaces you belong to, with your role in each").WithoutWorkspace();

    private static async Task<Ok<IReadOnlyList<WorkspaceView>>> Handle(HttpContext http, IDocumentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await MineAsync(http.User, store, cancellationToken));

    /// <summary>The caller's workspaces in the order they joined them; an API key's is its own only, with the key's role at most.</summary>
    internal static async Task<IReadOnlyList<WorkspaceView>> MineAsync(ClaimsPrincipal caller, IDocumentStore store, CancellationToken cancellationToken)
    {
        if (caller.UserId() is not { } userId) return [];
        await using var session = store.QuerySession();
        var keyWorkspace = caller.FindFirstValue(PlatformClaims.Workspace);
        var keyRole = Enum.TryParse<WorkspaceRole>(caller.FindFirstValue(PlatformClaims.Role), out var role) ? role : WorkspaceRole.Owner;
        var mine = (await session.Query<Membership>().Where(m => m.UserId == userId).OrderBy(m => m.JoinedAt).Take(500).ToListAsync(cancellationToken))
            .Where(m => keyWorkspace is null || m.WorkspaceId == keyWorkspace)
            .ToList();
        var workspaces = (await session.LoadManyAsync<Workspace>(cancellationToken, mine.Select(m => m.WorkspaceId).ToArray())).ToDictionary(w => w.Id);
        return mine
            .Where(m => workspaces.ContainsKey(m.WorkspaceId))
            .Select(m => new WorkspaceView(m.WorkspaceId, workspaces[m.WorkspaceId].Name, workspaces[m.WorkspaceId].CreatedAt, (m.Role < keyRole ? m.Role : keyRole).Describe()))
            .ToList();
    }
}
