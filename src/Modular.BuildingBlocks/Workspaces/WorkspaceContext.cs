namespace Modular.BuildingBlocks.Workspaces;

/// <summary>
/// The workspace (tenant) of the current request. Set once per request by
/// <see cref="WorkspaceResolution"/> before any endpoint runs; every Marten session opened through
/// DI in a request is scoped to it.
/// </summary>
public sealed class WorkspaceContext
{
    public const string DevelopmentWorkspaceId = "dev";
    public const string HeaderName = "X-Workspace";

    private string? _id;

    public string Id => _id ?? throw new InvalidOperationException("No workspace was resolved for this request.");

    public bool IsResolved => _id is not null;

    public void Resolve(string workspaceId)
    {
        if (_id is not null && _id != workspaceId)
            throw new InvalidOperationException("The workspace of a request cannot change.");
        _id = workspaceId;
    }
}

/// <summary>Answers whether a workspace exists; the Identity module owns workspaces.</summary>
public interface IWorkspaceDirectory
{
    ValueTask<bool> ExistsAsync(string workspaceId, CancellationToken cancellationToken);
}
