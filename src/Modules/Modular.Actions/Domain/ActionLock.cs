using Marten;
using Npgsql;

namespace Modular.Actions.Domain;

/// <summary>
/// Every writer of an action (an edit, an attach to an agent, a release, a delete) first locks its
/// row for the rest of its transaction. Writers therefore run one after the other and each sees the
/// committed state: a delete that saw no agent cannot be followed by an attach that finds the
/// action, and an edit cannot write back an action deleted meanwhile.
/// </summary>
public static class ActionLock
{
    private const string Sql =
        $"select 1 from {ActionsModule.Schema}.mt_doc_actiondefinition where id = $1 and tenant_id = $2 for update";

    public static async Task<ActionDefinition?> LoadForChangeAsync(this IDocumentSession session, Guid id, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)session.Connection!);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(session.TenantId);
        await command.ExecuteScalarAsync(cancellationToken);
        return await session.LoadAsync<ActionDefinition>(id, cancellationToken);
    }
}
