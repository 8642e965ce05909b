using System.Collections.Concurrent;
using Marten;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.Workspaces;

/// <summary>Workspaces are never deleted yet, so a workspace seen once is remembered.</summary>
internal sealed class WorkspaceDirectory(IDocumentStore store) : IWorkspaceDirectory
{
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);

    public async ValueTask<bool> ExistsAsync(string workspaceId, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(workspaceId)) return true;
        await using var session = store.QuerySession();
        var exists = await session.Query<Workspace>().AnyAsync(w => w.Id == workspaceId, cancellationToken);
        if (exists) _known.TryAdd(workspaceId, true);
        return exists;
    }
}
