using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Options;
using Modular.BuildingBlocks.Connectors;
using Modular.Runs.Domain;

namespace Modular.Runs.Execution;

/// <summary>Executes one queued run. Sent through Wolverine's durable queue, so an accepted trigger survives a crash.</summary>
public sealed record ExecuteRun(string WorkspaceId, Guid RunId);

public static class ExecuteRunHandler
{
    public static Task Handle(ExecuteRun command, RunExecutor executor, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(command.WorkspaceId, command.RunId, cancellationToken);
}

public sealed class RunExecutor(
    IDocumentStore store, IConnectorCatalog catalog, ScriptSandbox sandbox, RunStops stops, IOptions<RunLimits> limits,
    TimeProvider clock, ActionConcurrency concurrency)
{
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task ExecuteAsync(string workspaceId, Guid runId, CancellationToken cancellationToken)
    {
        RunQueued queued;
        ActionRunSettings? settings;
        await using (var session = store.QuerySession(workspaceId))
        {
            var run = await session.LoadAsync<Run>(runId, cancellationToken);
            // Delivered twice (a retry after the run ended): it ran once; nothing to do.
            if (run is null || RunStatus.IsEnded(run.Status)) return;
            if (run.Status == RunStatus.Running)
            {
                // It started on a node that died before it ended.
                await AppendAsync(workspaceId, runId, new RunFailed($"The node running it ({run.Node}) was lost before the run ended.", null, 0, clock.GetUtcNow()), cancellationToken);
                return;
            }
            if (run.StopRequestedBy is { } stopper)
            {
                await AppendAsync(workspaceId, runId, new RunStopped(stopper, 0, clock.GetUtcNow()), cancellationToken);
                return;
            }
            var events = await session.Events.FetchStreamAsync(runId, token: cancellationToken);
            queued = (RunQueued)events[0].Data;
            settings = await session.LoadAsync<ActionRunSettings>(queued.ActionId, cancellationToken);
        }
        var runLimits = settings?.Apply(limits.Value) ?? limits.Value;

        using var slot = await concurrency.EnterAsync(queued.ActionId, cancellationToken);
        using var stop = stops.Register(runId);
        var watch = Stopwatch.StartNew();
        await using var recorder = new RunRecorder(store, workspaceId, runId, queued.ActionId, runLimits, clock);
        recorder.Append(new RunStarted(Node, clock.GetUtcNow()));
        await recorder.FlushAsync(cancellationToken);

        var script = new ScriptRun(queued.Code, queued.Input, catalog.Connectors, queued.ConnectorId, null, runLimits);
        var outcome = await Task.Factory.StartNew(() => sandbox.Run(script, recorder, stop.Token),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var elapsed = watch.Elapsed.TotalMilliseconds;
        recorder.Append(outcome switch
        {
            ScriptOutcome.Succeeded => new RunSucceeded(elapsed, clock.GetUtcNow()),
            ScriptOutcome.Failed failed => new RunFailed(failed.Error, failed.Line, elapsed, clock.GetUtcNow()),
            _ => new RunStopped(stop.StoppedBy ?? "unknown", elapsed, clock.GetUtcNow()),
        });
    }

    private async Task AppendAsync(string workspaceId, Guid runId, object @event, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(workspaceId);
        session.Events.Append(runId, @event);
        await session.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>At most <c>Runs:MaxConcurrentRunsPerAction</c> runs of one action execute at once on a node; the others wait queued.</summary>
public sealed class ActionConcurrency(IOptions<RunsOptions> options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _slots = new();

    public async Task<IDisposable> EnterAsync(Guid actionId, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(actionId, _ => new SemaphoreSlim(options.Value.MaxConcurrentRunsPerAction));
        await slot.WaitAsync(cancellationToken);
        return new Release(slot);
    }

    private sealed class Release(SemaphoreSlim slot) : IDisposable
    {
        public void Dispose() => slot.Release();
    }
}

public sealed class RunsOptions
{
    public int MaxConcurrentRunsPerAction { get; set; } = 4;
    /// <summary>Runs executing at once on one node, all actions together.</summary>
    public int MaxConcurrentRuns { get; set; } = 16;
}
