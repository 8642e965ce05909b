using Marten;
using Modular.Actions.Contracts;
using Modular.Runs.Domain;

namespace Modular.Runs.Features;

/// <summary>Deleting an action permanently removes its runs, their logs (event streams) and documents.</summary>
public static class DeleteRunsOfActionHandler
{
    public static async Task Handle(ActionDeleted deleted, IDocumentSession session, CancellationToken cancellationToken)
    {
        var runIds = await session.Query<Run>().Where(r => r.ActionId == deleted.ActionId).Select(r => r.Id).ToListAsync(cancellationToken);
        session.DeleteWhere<Run>(r => r.ActionId == deleted.ActionId);
        session.DeleteWhere<RunDocument>(d => d.ActionId == deleted.ActionId);
        if (runIds.Count == 0) return;
        session.DeleteWhere<RunStopRequest>(r => runIds.Contains(r.Id));
        var events = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var ids = runIds.ToArray();
        session.QueueSqlCommand($"delete from {events}.mt_events where stream_id = any(?) and tenant_id = ?", ids, session.TenantId);
        session.QueueSqlCommand($"delete from {events}.mt_streams where id = any(?) and tenant_id = ?", ids, session.TenantId);
    }
}
