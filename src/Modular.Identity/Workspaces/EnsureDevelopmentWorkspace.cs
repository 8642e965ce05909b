using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.Workspaces;

/// <summary>Until sign-in exists, a fresh database gets one workspace to work in.</summary>
internal sealed class EnsureDevelopmentWorkspace(IDocumentStore store, TimeProvider clock, ILogger<EnsureDevelopmentWorkspace> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Workspace>(WorkspaceContext.DevelopmentWorkspaceId, cancellationToken) is not null) return;

        session.Store(new Workspace(WorkspaceContext.DevelopmentWorkspaceId, "Development", clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created the development workspace '{WorkspaceId}'", WorkspaceContext.DevelopmentWorkspaceId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
