using Marten;
using Microsoft.AspNetCore.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Features.Workspaces;
using Modular.Identity.Members;
using Modular.Identity.Users;
using Wolverine;

namespace Modular.Identity.FirstStart;

/// <summary>Creates the first user, the owner, with the first workspace: from the setup page or from configuration.</summary>
internal sealed class Owners(UserManager<User> users, IDocumentStore store, IMessageBus bus, TimeProvider clock)
{
    public const string FirstWorkspaceId = "main";

    // EF Core's AnyAsync, named: Marten's extension of IQueryable has the same name.
    public Task<bool> AnyUserAsync(CancellationToken cancellationToken) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(users.Users, cancellationToken);

    /// <summary>The owner account and its workspace; the errors Identity gives when the email or password is refused.</summary>
    public async Task<(User? Owner, IdentityResult Result)> CreateAsync(string email, string password, string workspaceName, CancellationToken cancellationToken)
    {
        var owner = new User { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
        var result = await users.CreateAsync(owner, password);
        if (!result.Succeeded) return (null, result);
        await EnsureWorkspaceAsync(owner, workspaceName, cancellationToken);
        return (owner, result);
    }

    /// <summary>An owner left without a workspace (a start that stopped between the two writes) gets the first one.</summary>
    public async Task EnsureWorkspaceAsync(User owner, string workspaceName, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        if (await session.Query<Membership>().AnyAsync(m => m.UserId == owner.Id, cancellationToken)) return;
        var id = await session.LoadAsync<Workspaces.Workspace>(FirstWorkspaceId, cancellationToken) is null ? FirstWorkspaceId : "main-" + Guid.NewGuid().ToString("N")[..8];
        await bus.InvokeAsync(new CreateWorkspace(id, workspaceName, owner.Id, owner.Email!), cancellationToken);
    }
}
