using JasperFx.Events;
using Marten;
using Modular.Runs.Domain;

namespace Modular.Runs.Queueing;

/// <summary>A run a trigger creates: its summary and first event. A queued run is then executed; a rejected one only recorded.</summary>
public sealed record NewRun(Run Summary, object FirstEvent)
{
    public static NewRun Queued(Guid runId, RunQueued queued) => new(RunSummary.Start(runId, queued), queued);

    public static NewRun Rejected(Guid runId, RunRejected rejected) => new(RunSummary.Start(runId, rejected), rejected);

    public bool Executes => FirstEvent is RunQueued;
}

/// <summary>
/// Writes new runs with one statement: their event streams, first events and summaries. Marten appends
/// stream by stream (a function call each), and a burst of triggers (every schedule due at the same
/// minute) creates thousands of runs at once. A run whose stream exists already is left as it is, so
/// writing the same runs twice creates them once (a
/// trigger's run id is new, and a scheduled fire's is unique to its occurrence, so this is a guard). The rows are Marten's own: Marten reads them as it
/// reads the streams it wrote, and a run's later events go through Marten.
/// </summary>
public sealed class NewRuns(IDocumentStore store)
{
    // A failure to read the names is not kept: the next write tries again.
    private readonly Lazy<Names> _names = new(() => Names.Of(store), LazyThreadSafetyMode.PublicationOnly);

    private sealed record Names(string Sql, string StreamType, IReadOnlyDictionary<Type, IEventType> EventTypes)
    {
        public static Names Of(IDocumentStore store)
        {
            var events = (EventRegistry)store.Options.Events;
            var schema = store.Options.Events.DatabaseSchemaName;
            var sql =
                "with streams as (" +
                $"insert into {schema}.mt_streams (tenant_id, id, type, version) select ?, id, ?, 1 from unnest(?::uuid[]) as s(id) " +
                "on conflict do nothing returning id), " +
                "summaries as (" +
                $"insert into {RunsModule.Schema}.mt_doc_run (tenant_id, id, data, mt_dotnet_type) select ?, r.id, r.data::jsonb, ? " +
                "from unnest(?::uuid[], ?::text[]) as r(id, data) join streams using (id)), " +
                "events as (" +
                $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived) " +
                $"select nextval('{schema}.mt_events_sequence'), e.event_id, e.id, 1, e.data::jsonb, e.type, ?, now(), e.dotnet_type, false " +
                "from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[]) as e(id, event_id, data, type, dotnet_type) join streams using (id)) " +
                "select count(*) from streams";
            // Marten's alias of the stream's aggregate type (its name in lower case), without filling Marten's caches from here.
            return new Names(sql, typeof(Run).Name.ToLowerInvariant(),
                new[] { typeof(RunQueued), typeof(RunRejected) }.ToDictionary(t => t, t => (IEventType)events.EventMappingFor(t)));
        }
    }

    /// <summary>Writes the runs when the session commits.</summary>
    public void Write(IDocumentSession session, IReadOnlyList<NewRun> runs) => session.QueueSqlCommand(_names.Value.Sql, Parameters(session.TenantId, runs));

    private object[] Parameters(string tenantId, IReadOnlyList<NewRun> runs)
    {
        var names = _names.Value;
        var serializer = store.Options.Serializer();
        var ids = runs.Select(r => r.Summary.Id).ToArray();
        var eventTypes = runs.Select(r => names.EventTypes[r.FirstEvent.GetType()]).ToArray();
        return
        [
            tenantId, names.StreamType, ids,
            tenantId, typeof(Run).FullName!, ids, runs.Select(r => serializer.ToJson(r.Summary)).ToArray(),
            tenantId, ids, runs.Select(_ => Guid.CreateVersion7()).ToArray(), runs.Select(r => serializer.ToJson(r.FirstEvent)).ToArray(),
            eventTypes.Select(t => t.EventTypeName).ToArray(), eventTypes.Select(t => t.DotNetTypeName).ToArray(),
        ];
    }
}
