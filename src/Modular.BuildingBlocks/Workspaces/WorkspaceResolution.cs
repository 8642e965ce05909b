using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Modular.BuildingBlocks.Http;

namespace Modular.BuildingBlocks.Workspaces;

/// <summary>
/// Resolves the workspace of every signed-in /api request among the caller's memberships: the one
/// the <c>X-Workspace</c> header (or, for a GET, the <c>workspace</c> query parameter) names, or the caller's first. A workspace the caller does not belong
/// to answers 404 exactly like an unknown one; a role too low for the endpoint answers 403. Runs after
/// authorization, so a request without a credential has already been answered 401.
/// </summary>
public sealed partial class WorkspaceResolution(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, WorkspaceContext workspace, IWorkspaceMemberships memberships)
    {
        var needed = WorkspaceAccessExtensions.RoleNeeded(http.GetEndpoint(), http.Request.Method);
        if (!http.Request.Path.StartsWithSegments("/api") || http.User.Identity?.IsAuthenticated != true || needed is null)
        {
            await next(http);
            return;
        }

        var requested = http.Request.Headers[WorkspaceContext.HeaderName].ToString();
        // A browser's EventSource (the live run log) cannot send headers: a read may name its workspace in the query.
        if (requested.Length == 0 && HttpMethods.IsGet(http.Request.Method)) requested = http.Request.Query[WorkspaceContext.QueryName].ToString();
        if (requested.Length > 0 && !WorkspaceIdPattern().IsMatch(requested))
        {
            await Problems.BadRequest($"The {WorkspaceContext.HeaderName} header must be a workspace id (lowercase letters, digits and dashes).")
                .ExecuteAsync(http);
            return;
        }
        var membership = await memberships.FindAsync(http.User, requested.Length > 0 ? requested : null, http.RequestAborted);
        if (membership is null)
        {
            await (requested.Length > 0
                ? Problems.NotFound("Workspace", requested)
                : Problems.Forbidden("You are not a member of any workspace yet; ask a workspace admin to invite you.")).ExecuteAsync(http);
            return;
        }
        if (membership.Role < needed)
        {
            await Problems.Forbidden($"This needs the {needed.Value.Describe()} role in workspace '{membership.WorkspaceId}'; you are {membership.Role.Describe()}.")
                .ExecuteAsync(http);
            return;
        }

        workspace.Resolve(membership.WorkspaceId, membership.Role);
        await next(http);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    public static partial Regex WorkspaceIdPattern();
}
