using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Modular.BuildingBlocks.Workspaces;

/// <summary>What a member may do in a workspace; each role includes the ones below it.</summary>
public enum WorkspaceRole
{
    /// <summary>Reads everything, including runs and logs; changes nothing.</summary>
    Viewer = 1,

    /// <summary>Creates, edits, publishes, runs and stops actions and agents.</summary>
    Editor = 2,

    /// <summary>Manages members, connected accounts and settings.</summary>
    Admin = 3,

    /// <summary>Everything, including deleting the workspace and transferring ownership.</summary>
    Owner = 4,
}

/// <summary>
/// The role an endpoint needs in the request's workspace. Endpoints without it need
/// <see cref="WorkspaceRole.Viewer"/> to read (GET, HEAD) and <see cref="WorkspaceRole.Editor"/> for anything else.
/// </summary>
public sealed record RequiredRole(WorkspaceRole Role);

/// <summary>An endpoint about the caller, not about a workspace (sign-in, the caller's workspaces).</summary>
public sealed record NoWorkspaceNeeded;

public static class WorkspaceAccessExtensions
{
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, WorkspaceRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredRole(role));

    public static TBuilder WithoutWorkspace<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NoWorkspaceNeeded());

    /// <summary>The role <paramref name="endpoint"/> needs, or null when it needs no workspace.</summary>
    public static WorkspaceRole? RoleNeeded(Endpoint? endpoint, string method)
    {
        if (endpoint?.Metadata.GetMetadata<NoWorkspaceNeeded>() is not null) return null;
        if (endpoint?.Metadata.GetMetadata<RequiredRole>() is { } required) return required.Role;
        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? WorkspaceRole.Viewer : WorkspaceRole.Editor;
    }

    public static string Describe(this WorkspaceRole role) => role.ToString().ToLowerInvariant();
}
