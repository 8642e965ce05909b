using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Options;
using Modular.BuildingBlocks.Connectors;
using Modular.Runs.Domain;

namespace Modular.Runs.Execution;

/// <summary>Executes one queued run. Sent through Wolverine's durable queue, so an accepted trigger survives a crash.</summary>
public sealed record ExecuteRun(string WorkspaceId, Guid RunId, Guid ActionId);

public static class ExecuteRunHandler
{
    public static Task Handle(ExecuteRun command, RunExecutor executor, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(command, cancellationToken);
}

public sealed class RunExecutor(
    IDocumentStore store, RunJournal journal, IConnectorCatalog catalog, ScriptSandbox sandbox, ScriptThreads threads, RunStops stops,
    IOptions<RunLimits> limits, TimeProvider clock, ActionConcurrency concurrency)
{
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task ExecuteAsync(ExecuteRun command, CancellationToken cancellationToken)
    {
        var (workspaceId, runId) = (command.WorkspaceId, command.RunId);
        // Registered before the stop request is read: a stop stored earlier is read, a later one is signalled.
        using var stop = stops.Register(runId);
        Run? run;
        RunStopRequest? stopRequest;
        RunQueued queued;
        ActionRunSettings? settings;
        await using (var session = store.QuerySession(workspaceId))
        {
            var batch = session.CreateBatchQuery();
            var runLoad = batch.Load<Run>(runId);
            var stopLoad = batch.Load<RunStopRequest>(runId);
            var settingsLoad = batch.Load<ActionRunSettings>(command.ActionId);
            var firstEvent = batch.Events.FetchStream(runId, version: 1);
            await batch.Execute(cancellationToken);
            (run, stopRequest, settings) = (await runLoad, await stopLoad, await settingsLoad);
            // Delivered twice (a retry after the run ended): it ran once; nothing to do.
            if (run is null || RunStatus.IsEnded(run.Status)) return;
            queued = (RunQueued)(await firstEvent)[0].Data;
        }
        if (stopRequest is not null)
        {
            await EndAsync(workspaceId, run, new RunStopped(stopRequest.By, 0, clock.GetUtcNow()), cancellationToken);
            return;
        }
        string? lostNode = null;
        if (run.Status == RunStatus.Running)
        {
            // It started on a node that died before it ended.
            if (settings is not { RetriesLostRuns: true } || run.Attempts >= ActionRunSettings.MaxAttempts)
            {
                await EndAsync(workspaceId, run, new RunFailed($"The node running it ({run.Node}) was lost before the run ended.", null, 0, clock.GetUtcNow()), cancellationToken);
                return;
            }
            lostNode = run.Node;
        }
        var runLimits = settings?.Apply(limits.Value) ?? limits.Value;

        using var slot = await concurrency.EnterAsync(queued.ActionId, cancellationToken);
        var watch = Stopwatch.StartNew();
        await using var recorder = new RunRecorder(journal, workspaceId, run, runLimits, clock);
        if (lostNode is not null)
            recorder.Append(new LogWritten("warning", $"The node running this run ({lostNode}) was lost; running it again from the start.", clock.GetUtcNow()));
        recorder.Append(new RunStarted(Node, clock.GetUtcNow()));

        var script = new ScriptRun(queued.Code, queued.Input, catalog.Connectors, queued.ConnectorId, null, runLimits);
        var outcome = await threads.RunAsync(() => sandbox.Run(script, recorder, stop.Token));

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

    private Task EndAsync(string workspaceId, Run run, object @event, CancellationToken cancellationToken)
    {
        var ended = run.With([@event]);
        return journal.WriteAsync(workspaceId, new RunJournal.Write(session =>
        {
            session.Events.Append(run.Id, @event);
            session.Store(ended);
        }), cancellationToken);
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
    public int MaxConcurrentRunsPerAction { get; set; } = 16;
    /// <summary>Runs executing at once on one node, all actions together (most runs wait on I/O, so more than the cores).</summary>
    public int MaxConcurrentRuns { get; set; } = 64;
}
