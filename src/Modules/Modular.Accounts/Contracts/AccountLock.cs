using Marten;
using Npgsql;

namespace Modular.Accounts.Contracts;

/// <summary>
/// Keeps a disconnect and an action being switched to the account from both succeeding. Whoever
/// points an action at an account holds the account's lock shared until the action commits; a
/// disconnect holds it exclusively while it looks for actions that use the account and deletes it.
/// So the disconnect either sees the committed action, or the switch finds the account gone.
/// </summary>
public static class AccountLock
{
    /// <summary>Taken in the session's transaction (begun here when it has none) by a writer that points an action at the account.</summary>
    public static Task ShareAsync(IDocumentSession session, string accountId, CancellationToken cancellationToken) =>
        TakeAsync(session, accountId, "pg_advisory_xact_lock_shared", cancellationToken);

    /// <summary>Taken by a disconnect, in the session's transaction.</summary>
    public static Task TakeAsync(IDocumentSession session, string accountId, CancellationToken cancellationToken) =>
        TakeAsync(session, accountId, "pg_advisory_xact_lock", cancellationToken);

    private static async Task TakeAsync(IDocumentSession session, string accountId, string function, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select {function}(hashtextextended($1, 11))", (NpgsqlConnection)session.Connection!);
        command.Parameters.AddWithValue($"account:{session.TenantId}/{accountId}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
