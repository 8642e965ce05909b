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
        string? lostNode = null;
        await using (var session = store.QuerySession(workspaceId))
        {
            var run = await session.LoadAsync<Run>(runId, cancellationToken);
            // Delivered twice (a retry after the run ended): it ran once; nothing to do.
            if (run is null || RunStatus.IsEnded(run.Status)) return;
            if (await session.LoadAsync<RunStopRequest>(runId, cancellationToken) is { } request)
            {
                await AppendAsync(workspaceId, runId, new RunStopped(request.By, 0, clock.GetUtcNow()), cancellationToken);
                return;
            }
            var events = await session.Events.FetchStreamAsync(runId, token: cancellationToken);
            queued = (RunQueued)events[0].Data;
            settings = await session.LoadAsync<ActionRunSettings>(queued.ActionId, cancellationToken);
            if (run.Status == RunStatus.Running)
            {
                // It started on a node that died before it ended.
                if (settings is not { RetriesLostRuns: true } || run.Attempts >= ActionRunSettings.MaxAttempts)
                {
                    await AppendAsync(workspaceId, runId, new RunFailed($"The node running it ({run.Node}) was lost before the run ended.", null, 0, clock.GetUtcNow()), cancellationToken);
                    return;
                }
                lostNode = run.Node;
            }
        }
        var runLimits = settings?.Apply(limits.Value) ?? limits.Value;

        using var slot = await concurrency.EnterAsync(queued.ActionId, cancellationToken);
        using var stop = stops.Register(runId);
        // A stop requested between the check above and the registration was signalled to nobody.
        await using (var session = store.QuerySession(workspaceId))
            if (await session.LoadAsync<RunStopRequest>(runId, cancellationToken) is { } late)
                stop.Cancel(late.By);
        var watch = Stopwatch.StartNew();
        await using var recorder = new RunRecorder(store, workspaceId, runId, queued.ActionId, runLimits, clock);
        if (lostNode is not null)
            recorder.Append(new LogWritten("warning", $"The node running this run ({lostNode}) was lost; running it again from the start.", clock.GetUtcNow()));
        recorder.Append(new RunStarted(Node, clock.GetUtcNow()));
        await recorder.FlushAsync(cancellationToken);

        var script = new ScriptRun(queued.Code, queued.Input, catalog.Connectors, queued.ConnectorId, null, runLimits);
        var outcome = await Task.Factory.StartNew(() => sandbox.Run(script, recorder, stop.Token),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var elapsed = watch.Elapsed.TotalMilliseconds;
        var now = clock.GetUtcNow();
        switch (outcome)
        {
            case ScriptOutcome.Succeeded:
                recorder.Append(new RunSucceeded(elapsed, now));
                break;
            case ScriptOutcome.Failed failed:
                recorder.Append(new RunFailed(failed.Error, failed.Line, elapsed, now));
                break;
            default:
                var by = stop.StoppedBy ?? "unknown";
                recorder.Append(new StopRequested(by, now));
                recorder.Append(new RunStopped(by, elapsed, now));
                break;
        }
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
