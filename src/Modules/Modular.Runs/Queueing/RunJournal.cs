using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Hosting;
using Modular.Runs.Execution;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Modular.Runs.Queueing;

/// <summary>
/// Writes runs (new runs, and the events of executing runs) with group commit: writes that arrive
/// while a transaction is in flight share the next one, so under load a few transactions carry many
/// runs. Each writer still waits for its own commit. The runs a transaction queues are written with
/// one statement (<see cref="NewRuns"/>) and executed by one message, committed with them.
/// Writes that queue runs and writes of executing runs go through separate lanes: handing queued
/// runs to the execution queue waits while that queue is full, and only runs that can record their
/// events make room in it.
/// </summary>
public sealed class RunJournal(IDocumentStore store, IWolverineRuntime runtime, NewRuns newRuns) : BackgroundService
{
    private const int MaxBatch = 256;
    /// <summary>Transactions in flight at once per lane; each carries its own batch.</summary>
    private const int WritersPerLane = 2;

    private readonly Channel<Entry> _queueing = Channel.CreateUnbounded<Entry>();
    private readonly Channel<Entry> _recording = Channel.CreateUnbounded<Entry>();

    /// <summary>A write to one workspace: new runs, and operations on the session.</summary>
    public sealed record Write(Action<IDocumentSession>? Operations = null, IReadOnlyList<NewRun>? NewRuns = null)
    {
        /// <summary>A transaction takes writes up to <see cref="MaxBatch"/> runs.</summary>
        public int Runs => Math.Max(1, NewRuns?.Count ?? 0);

        public bool Queues => NewRuns?.Any(run => run.Executes) == true;
    }

    private sealed record Entry(string WorkspaceId, Write Write, TaskCompletionSource Committed);

    /// <summary>Completes when the write is committed; throws what its own transaction threw.</summary>
    public Task WriteAsync(string workspaceId, Write write, CancellationToken cancellationToken = default)
    {
        var entry = new Entry(workspaceId, write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var lane = write.Queues ? _queueing : _recording;
        // While the host stops, runs still executing write on their own.
        return lane.Writer.TryWrite(entry) ? entry.Committed.Task.WaitAsync(cancellationToken) : SaveAsync(workspaceId, [entry]);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(new[] { _queueing, _recording }.SelectMany(lane => Enumerable.Range(0, WritersPerLane).Select(_ => WriteBatchesAsync(lane.Reader))));

    private async Task WriteBatchesAsync(ChannelReader<Entry> lane)
    {
        var batch = new List<Entry>(MaxBatch);
        // Writes keep being committed while the host stops (until the lane is completed and empty): no accepted run is lost.
        while (await lane.WaitToReadAsync())
        {
            batch.Clear();
            var runs = 0;
            while (runs < MaxBatch && lane.TryRead(out var entry))
            {
                batch.Add(entry);
                runs += entry.Write.Runs;
            }
            foreach (var workspace in batch.GroupBy(e => e.WorkspaceId))
                await CommitAsync(workspace.Key, [.. workspace]);
        }
    }

    private async Task CommitAsync(string workspaceId, IReadOnlyList<Entry> entries)
    {
        try
        {
            await SaveAsync(workspaceId, entries);
            foreach (var entry in entries) entry.Committed.TrySetResult();
        }
        catch (Exception) when (entries.Count > 1)
        {
            // One write failed the shared transaction (a duplicate delivery or fire, say): each write on its own, so only it fails.
            foreach (var entry in entries) await CommitAsync(workspaceId, [entry]);
        }
        catch (Exception error)
        {
            entries[0].Committed.TrySetException(error);
        }
    }

    private async Task SaveAsync(string workspaceId, IReadOnlyList<Entry> entries)
    {
        await using var session = store.LightweightSession(workspaceId);
        var created = entries.SelectMany(e => e.Write.NewRuns ?? []).ToList();
        if (created.Count > 0) newRuns.Write(session, created);
        foreach (var entry in entries) entry.Write.Operations?.Invoke(session);
        var queued = created.Where(run => run.Executes).Select(run => new QueuedRun(run.Summary.Id, run.Summary.ActionId)).ToList();
        if (queued.Count > 0) await new MartenOutbox(runtime, session).SendAsync(new ExecuteRuns(workspaceId, queued));
        await session.SaveChangesAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queueing.Writer.TryComplete();
        _recording.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }
}
