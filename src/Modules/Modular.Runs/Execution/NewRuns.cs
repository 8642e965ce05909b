using JasperFx.Events;
using Marten;
using Modular.Runs.Domain;

namespace Modular.Runs.Execution;

/// <summary>A run a trigger creates: its summary and first event. A queued run is then executed; a rejected one only recorded.</summary>
public sealed record NewRun(Run Summary, object FirstEvent)
{
    public static NewRun Queued(Guid runId, RunQueued queued) => new(RunSummary.Start(runId, queued), queued);

    public static NewRun Rejected(Guid runId, RunRejected rejected) => new(RunSummary.Start(runId, rejected), rejected);

    public bool Executes => FirstEvent is RunQueued;
}

/// <summary>
/// Writes the new runs of one transaction with one statement: their event streams, first events and
/// summaries. Marten appends stream by stream (a function call each), and a burst of triggers (every
/// schedule due at the same minute) creates thousands of runs at once. The rows are Marten's own, so
/// Marten reads them as it reads the streams it wrote; the run's later events go through Marten.
/// </summary>
public sealed class NewRuns(IDocumentStore store)
{
    private readonly Lazy<Names> _names = new(() => Names.Of(store));

    private sealed record Names(string Sql, string StreamType, IReadOnlyDictionary<Type, IEventType> EventTypes)
    {
        public static Names Of(IDocumentStore store)
        {
            var events = (EventRegistry)store.Options.Events;
            var schema = store.Options.Events.DatabaseSchemaName;
            var summaries = $"{RunsModule.Schema}.mt_doc_run";
            var sql =
                "with streams as (" +
                $"insert into {schema}.mt_streams (tenant_id, id, type, version) select ?, id, ?, 1 from unnest(?::uuid[]) as s(id)), " +
                "summaries as (" +
                $"insert into {summaries} (tenant_id, id, data, mt_dotnet_type) select ?, r.id, r.data::jsonb, ? from unnest(?::uuid[], ?::text[]) as r(id, data)) " +
                $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived) " +
                $"select nextval('{schema}.mt_events_sequence'), e.event_id, e.id, 1, e.data::jsonb, e.type, ?, now(), e.dotnet_type, false " +
                "from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[]) as e(id, event_id, data, type, dotnet_type)";
            return new Names(sql, events.AggregateAliasFor(typeof(Run)),
                new[] { typeof(RunQueued), typeof(RunRejected) }.ToDictionary(t => t, t => (IEventType)events.EventMappingFor(t)));
        }
    }

    public void Write(IDocumentSession session, IReadOnlyList<NewRun> runs)
    {
        var names = _names.Value;
        var serializer = store.Options.Serializer();
        var ids = runs.Select(r => r.Summary.Id).ToArray();
        var eventTypes = runs.Select(r => names.EventTypes[r.FirstEvent.GetType()]).ToArray();
        session.QueueSqlCommand(names.Sql,
            session.TenantId, names.StreamType, ids,
            session.TenantId, typeof(Run).FullName!, ids, runs.Select(r => serializer.ToJson(r.Summary)).ToArray(),
            session.TenantId, ids, runs.Select(_ => Guid.CreateVersion7()).ToArray(), runs.Select(r => serializer.ToJson(r.FirstEvent)).ToArray(),
            eventTypes.Select(t => t.EventTypeName).ToArray(), eventTypes.Select(t => t.DotNetTypeName).ToArray());
    }
}
