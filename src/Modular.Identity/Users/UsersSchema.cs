using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Modular.Identity.Users;

/// <summary>Creates the users tables at start when they are missing, as Marten does for its documents.</summary>
internal static class UsersSchema
{
    /// <remarks>The caller holds the first-start lock, so nodes starting together do not both create them.</remarks>
    public static async Task EnsureAsync(UsersDbContext db, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand($"select to_regclass('{IdentityModule.Schema}.users') is not null", connection);
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return;
        await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript(), cancellationToken);
    }
}
