using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Modular.Accounts.Contracts;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;
using Modular.Runs.Domain;
using Modular.Runs.Queueing;
using Modular.Runs.Settings;
using Wolverine;

namespace Modular.Runs.Execution;

/// <summary>
/// Executes the runs queued by one transaction. Sent through Wolverine's durable local queue, committed
/// with the runs: an accepted trigger survives a crash. Delivered again (after a crash or a failure),
/// it skips the runs that ended, so none runs twice.
/// </summary>
public sealed record ExecuteRuns(string WorkspaceId, IReadOnlyList<QueuedRun> Runs);

public sealed record QueuedRun(Guid RunId, Guid ActionId);

public static class ExecuteRunsHandler
{
    // The runs take as long as they take (Wolverine's handler timeout would cut them): only the host stopping cancels them.
    public static Task Handle(ExecuteRuns command, RunExecutor executor, IMessageBus bus, IHostApplicationLifetime host) =>
        Task.WhenAll(command.Runs.Select(run => executor.ExecuteAsync(command.WorkspaceId, run, bus, host.ApplicationStopping)));
}

public sealed class RunExecutor(
    IDocumentStore store, RunJournal journal, IConnectorCatalog catalog, ScriptSandbox sandbox, RunStops stops,
    IOptions<RunLimits> limits, TimeProvider clock, RunSlots slots)
{
    private static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <param name="bus">Asks the Accounts module for the action's account.</param>
    public async Task ExecuteAsync(string workspaceId, QueuedRun queuedRun, IMessageBus bus, CancellationToken cancellationToken)
    {
        var runId = queuedRun.RunId;
        // Registered before the stop request is read: a stop stored earlier is read, a later one is signalled.
        using var stop = stops.Register(runId);
        // A run stopped while it waits for a slot goes on without one: it ends as stopped without running.
        using var slot = await slots.EnterAsync(queuedRun.ActionId, stop.Token, cancellationToken);
        Run? run;
        RunStopRequest? stopRequest;
        RunQueued queued;
        ActionRunSettings? settings;
        await using (var session = store.QuerySession(workspaceId))
        {
            var batch = session.CreateBatchQuery();
            var runLoad = batch.Load<Run>(runId);
            var stopLoad = batch.Load<RunStopRequest>(runId);
            var settingsLoad = batch.Load<ActionRunSettings>(queuedRun.ActionId);
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
        ConnectedAccount? account = null;
        if (queued.AccountId is not null)
        {
            var opened = await bus.InvokeForTenantAsync<OpenedAccount>(workspaceId, new OpenAccount(queued.AccountId), cancellationToken);
            if (opened.Account is null)
            {
                await EndAsync(workspaceId, run, new RunFailed(opened.Problem!, null, 0, clock.GetUtcNow()), cancellationToken);
                return;
            }
            account = opened.Account;
        }
        var runLimits = settings?.Apply(limits.Value) ?? limits.Value;

        var watch = Stopwatch.StartNew();
        await using var recorder = new RunRecorder(journal, workspaceId, run, runLimits, clock);
        if (lostNode is not null)
            recorder.Append(new LogWritten("warning", $"The node running this run ({lostNode}) was lost; running it again from the start.", clock.GetUtcNow()));
        recorder.Append(new RunStarted(Node, clock.GetUtcNow()));

        var accountId = queued.AccountId;
        var script = new ScriptRun(queued.Code, queued.Input, catalog.Connectors, queued.ConnectorId, account, runLimits,
            accountId is null ? null : async (rejected, ct) =>
            {
                var opened = await bus.InvokeForTenantAsync<OpenedAccount>(workspaceId, new RefreshAccount(accountId, rejected["access_token"] ?? ""), ct);
                return (opened.Account, opened.Problem);
            });
        var outcome = await sandbox.RunAsync(script, recorder, stop.Token);

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
