using System.Collections.Concurrent;
using Marten;
using Npgsql;

namespace Modular.BuildingBlocks.Persistence;

/// <summary>
/// Loads a document after locking its row for the rest of the session's transaction. Writers of one
/// document that all load it this way run one after the other and each sees the committed state,
/// which optimistic revisions alone do not give a delete (a delete checks no revision, and an update
/// after a delete would write the document back).
/// </summary>
public static class RowLock
{
    private static readonly ConcurrentDictionary<Type, string> Statements = new();

    public static async Task<T?> LoadForChangeAsync<T>(this IDocumentSession session, object id, CancellationToken cancellationToken) where T : class
    {
        var sql = Statements.GetOrAdd(typeof(T), type =>
        {
            var table = session.DocumentStore.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            return $"select 1 from {table} where id = $1 and tenant_id = $2 for update";
        });
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)session.Connection!);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(session.TenantId);
        await command.ExecuteScalarAsync(cancellationToken);
        return await session.LoadAsync<T>(id, cancellationToken);
    }
}
