using Marten;
using Modular.Runs.Domain;

namespace Modular.Runs.RunLog;

/// <summary>Removes runs for good: their summaries, event streams (the logs), documents and stop requests.</summary>
public static class RunDeletion
{
    /// <param name="session">A session of the runs' workspace.</param>
    public static void Delete(IDocumentSession session, IReadOnlyCollection<Guid> runIds)
    {
        if (runIds.Count == 0) return;
        var ids = runIds.ToArray();
        session.DeleteWhere<Run>(r => ids.Contains(r.Id));
        session.DeleteWhere<RunDocument>(d => ids.Contains(d.RunId));
        session.DeleteWhere<RunStopRequest>(r => ids.Contains(r.Id));
        var events = session.DocumentStore.Options.Events.DatabaseSchemaName;
        session.QueueSqlCommand($"delete from {events}.mt_events where stream_id = any(?) and tenant_id = ?", ids, session.TenantId);
        session.QueueSqlCommand($"delete from {events}.mt_streams where id = any(?) and tenant_id = ?", ids, session.TenantId);
    }
}
