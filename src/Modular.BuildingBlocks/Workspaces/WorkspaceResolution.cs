using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Modular.BuildingBlocks.Http;

namespace Modular.BuildingBlocks.Workspaces;

/// <summary>
/// Resolves the workspace of every /api request from the <c>X-Workspace</c> header (the development
/// workspace when absent; sign-in will supply it from the user's claims). An unknown workspace
/// answers 404, like any id the caller may not see.
/// </summary>
public sealed partial class WorkspaceResolution(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, WorkspaceContext workspace, IWorkspaceDirectory directory)
    {
        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            await next(http);
            return;
        }

        var requested = http.Request.Headers[WorkspaceContext.HeaderName].ToString();
        var id = string.IsNullOrEmpty(requested) ? WorkspaceContext.DevelopmentWorkspaceId : requested;
        if (!WorkspaceIdPattern().IsMatch(id))
        {
            await Problems.BadRequest($"The {WorkspaceContext.HeaderName} header must be a workspace id (lowercase letters, digits and dashes).")
                .ExecuteAsync(http);
            return;
        }
        if (!await directory.ExistsAsync(id, http.RequestAborted))
        {
            await Problems.NotFound("Workspace", id).ExecuteAsync(http);
            return;
        }

        workspace.Resolve(id);
        await next(http);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    public static partial Regex WorkspaceIdPattern();
}
