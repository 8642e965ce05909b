using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Hosting;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Modular.Runs.Execution;

/// <summary>
/// Writes runs (queued runs with the message that executes them, and the events of executing runs)
/// with group commit: writes that arrive while a transaction is in flight share the next one, so
/// under load a few transactions carry many runs. Each writer still waits for its own commit.
/// </summary>
public sealed class RunJournal(IDocumentStore store, IWolverineRuntime runtime) : BackgroundService
{
    private const int MaxBatch = 256;
    /// <summary>Transactions in flight at once; each carries its own batch.</summary>
    private const int Writers = 3;

    private readonly Channel<Entry> _entries = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleWriter = false });

    /// <summary>A write to one workspace: operations on the session and messages to send when it commits.</summary>
    /// <param name="Runs">How many runs it writes: a transaction takes writes up to <see cref="MaxBatch"/> runs.</param>
    public sealed record Write(Action<IDocumentSession> Operations, IReadOnlyList<object>? Messages = null, int Runs = 1);

    private sealed record Entry(string WorkspaceId, Write Write, TaskCompletionSource Committed);

    /// <summary>Completes when the write is committed; throws what its own transaction threw.</summary>
    public Task WriteAsync(string workspaceId, Write write, CancellationToken cancellationToken = default)
    {
        var entry = new Entry(workspaceId, write, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        // While the host stops, runs still executing write on their own.
        return _entries.Writer.TryWrite(entry) ? entry.Committed.Task.WaitAsync(cancellationToken) : SaveAsync(workspaceId, [entry]);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => WriteBatchesAsync()));

    private async Task WriteBatchesAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        // Writes keep being committed while the host stops (until the channel is completed and empty): no accepted run is lost.
        while (await _entries.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var runs = 0;
            while (runs < MaxBatch && _entries.Reader.TryRead(out var entry))
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
        var outbox = new MartenOutbox(runtime, session);
        foreach (var entry in entries)
        {
            entry.Write.Operations(session);
            foreach (var message in entry.Write.Messages ?? []) await outbox.SendAsync(message);
        }
        await session.SaveChangesAsync();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _entries.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }
}
