using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Modular.Identity.Users;

/// <summary>
/// Creates the users tables at start when they are missing, as Marten does for its documents. Nodes
/// starting together take turns (an advisory lock), so only one creates them.
/// </summary>
internal static class UsersSchema
{
    private const long LockKey = 0x6D6F64756C617201; // "modular" + 1

    public static async Task EnsureAsync(UsersDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", connection))
            await take.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await using var exists = new NpgsqlCommand($"select to_regclass('{IdentityModule.Schema}.users') is not null", connection);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return;
            await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript(), cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({LockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
