using Marten;
using Modular.BuildingBlocks.Audit;
using Modular.Identity.Members;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace Modular.Identity.Users;

/// <summary>Sign-ins belong to no workspace: each is audited in every workspace the user belongs to, for its admins to see.</summary>
internal static class SignInAudit
{
    /// <remarks>Sign-in has no workspace, so no request-scoped session: the outbox is the bus's own, enlisted in a session opened here.</remarks>
    public static async Task RecordAsync(OutboxedSessionFactory sessions, IMessageBus outbox, User user, string what, string? detail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var session = sessions.OpenSession(outbox);
        var workspaces = await session.Query<Membership>().Where(m => m.UserId == user.Id).Select(m => m.WorkspaceId).Take(100).ToListAsync(cancellationToken);
        if (workspaces.Count == 0) return;
        foreach (var workspace in workspaces)
            await outbox.RecordAsync(new Audited(workspace, user.Email!, what, user.Email, detail, at));
        await session.SaveChangesAsync(cancellationToken);
    }
}
