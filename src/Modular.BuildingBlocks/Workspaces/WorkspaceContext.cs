using System.Security.Claims;

namespace Modular.BuildingBlocks.Workspaces;

/// <summary>
/// The workspace (tenant) of the current request and the caller's role in it. Set once per request by
/// <see cref="WorkspaceResolution"/> before any endpoint runs; every Marten session opened through
/// DI in a request is scoped to it.
/// </summary>
public sealed class WorkspaceContext
{
    public const string HeaderName = "X-Workspace";
    public const string QueryName = "workspace";

    private string? _id;

    public string Id => _id ?? throw new InvalidOperationException("No workspace was resolved for this request.");

    public WorkspaceRole Role { get; private set; }

    public bool IsResolved => _id is not null;

    public void Resolve(string workspaceId, WorkspaceRole role)
    {
        if (_id is not null && _id != workspaceId)
            throw new InvalidOperationException("The workspace of a request cannot change.");
        _id = workspaceId;
        Role = role;
    }
}

/// <summary>A caller's place in a workspace.</summary>
public sealed record WorkspaceMembership(string WorkspaceId, WorkspaceRole Role);

/// <summary>Answers which workspaces a caller belongs to; the Identity module owns members.</summary>
public interface IWorkspaceMemberships
{
    /// <summary>
    /// The caller's membership of <paramref name="workspaceId"/>, or of their first workspace when it
    /// is null; null when the caller does not belong to it (or to any).
    /// </summary>
    ValueTask<WorkspaceMembership?> FindAsync(ClaimsPrincipal caller, string? workspaceId, CancellationToken cancellationToken);
}
