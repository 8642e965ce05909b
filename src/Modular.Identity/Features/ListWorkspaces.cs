using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Identity.Workspaces;

namespace Modular.Identity.Features;

public static class ListWorkspacesEndpoint
{
    public static void MapListWorkspaces(this IEndpointRouteBuilder workspaces) =>
        workspaces.MapGet("/", Handle).WithName("ListWorkspaces").WithSummary("List workspaces");

    private static async Task<Ok<IReadOnlyList<WorkspaceView>>> Handle(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var workspaces = await session.Query<Workspace>().OrderBy(w => w.Name).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<WorkspaceView>>(workspaces.Select(WorkspaceView.From).ToList());
    }
}
