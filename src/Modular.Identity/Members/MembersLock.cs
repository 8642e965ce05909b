using Marten;
using Npgsql;

namespace Modular.Identity.Members;

/// <summary>
/// Changes to one workspace's members (roles, removals, accepted invitations, the owner setup) take
/// turns: a transaction-scoped advisory lock, so two owners demoting each other at once cannot leave
/// the workspace without an owner, and an invitation accepted twice at once joins once.
/// </summary>
internal static class MembersLock
{
    public static async Task TakeAsync(IDocumentSession session, string key, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 7))", (NpgsqlConnection)session.Connection!);
        command.Parameters.AddWithValue("members:" + key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
