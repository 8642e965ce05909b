using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.Plugins.Sdk;
using Modular.Runs.Domain;
using Modular.Runs.ManualRuns;
using Modular.Runs.Sandbox;
using Modular.Runs.Settings;

namespace Modular.Runs.Execution;

public abstract record ScriptOutcome
{
    public sealed record Succeeded : ScriptOutcome;
    public sealed record Failed(string Error, int? Line) : ScriptOutcome;
    public sealed record Stopped : ScriptOutcome;
}

/// <summary>Everything a run's script needs, snapshotted when the run was triggered.</summary>
/// <param name="RefreshAccount">Gets the account a new access token after the vendor refused its current one.</param>
public sealed record ScriptRun(
    string Code,
    JsonNode? Input,
    IReadOnlyList<ConnectorManifest> Connectors,
    string ConnectorId,
    ConnectedAccount? Account,
    RunLimits Limits,
    Func<ConnectedAccount, CancellationToken, Task<(ConnectedAccount? Account, string? Problem)>>? RefreshAccount = null);

/// <summary>
/// Runs an action's JavaScript in a sandbox process (<see cref="SandboxProcesses"/>): the script
/// cannot crash, starve or reach into the host. The host records what the script reports, makes its
/// connector calls (with the action's account and the egress policy), several at once when the script
/// waits on several, and gives up on a script that overruns its time or does not honour a stop within
/// <see cref="StopGrace"/> (a regular expression cannot be interrupted while it matches). Any failure
/// is the run's, with its reason.
/// </summary>
public sealed class ScriptSandbox(ConnectorCalls calls, SandboxProcesses processes, ILogger<ScriptSandbox> logger)
{
    public static readonly TimeSpan StopGrace = TimeSpan.FromMilliseconds(50);
    /// <summary>How long past its time limit a script that does not end by itself is given before the host gives up on it.</summary>
    private static readonly TimeSpan TimeoutGrace = TimeSpan.FromSeconds(1);
    /// <summary>How long the calls a script left waiting are given to end once its run has.</summary>
    private static readonly TimeSpan CallsEndGrace = TimeSpan.FromSeconds(1);

    public async Task<ScriptOutcome> RunAsync(ScriptRun run, RunRecorder recorder, CancellationToken stop)
    {
        var (outcome, innocent) = await AttemptAsync(run, recorder, stop);
        if (!innocent) return outcome;
        // A process holds many runs, and a script that overflows the native stack ends all of them: a run
        // that had not yet called out or made a document runs again, once, alone in a process of its own.
        recorder.Log("warning", "The sandbox process running this script ended (a script in it overflowed its stack or heap); running the script again from the start, alone.");
        return (await AttemptAsync(run, recorder, stop, alone: true)).Outcome;
    }

    /// <param name="Innocent">The process ended under a run that had not called out nor made a document: it may run again.</param>
    private async Task<(ScriptOutcome Outcome, bool Innocent)> AttemptAsync(ScriptRun run, RunRecorder recorder, CancellationToken stop, bool alone = false)
    {
        var touched = false;
        SandboxRun sandbox;
        try
        {
            sandbox = await processes.LeaseAsync(stop, alone);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return (new ScriptOutcome.Stopped(), false);
        }
        var ended = false;
        var sessions = new Dictionary<string, ConnectorSession>();
        var waiting = new List<Task>();
        using var callsEnded = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var overdue = new CancellationTokenSource(run.Limits.Timeout + TimeoutGrace);
        var onStop = stop.Register(() =>
        {
            TrySend(sandbox, new SandboxMessage { Type = "stop" });
            overdue.CancelAfter(StopGrace);
        });
        try
        {
            sandbox.Send(new SandboxMessage
            {
                Type = "run",
                Code = run.Code,
                Input = run.Input,
                Limits = run.Limits.ForSandbox(),
                Connectors = run.Connectors.ToDictionary(c => c.ScriptName, c => c.Operations.ToDictionary(o => o.Name, o => o.Id)),
            });
            while (true)
            {
                SandboxMessage? message;
                try
                {
                    message = await sandbox.ReceiveAsync(overdue.Token);
                }
                catch (OperationCanceledException)
                {
                    return (stop.IsCancellationRequested
                        ? new ScriptOutcome.Stopped()
                        : new ScriptOutcome.Failed($"The script ran longer than its time limit ({run.Limits.Timeout}).", null), false);
                }
                if (message is null)
                {
                    ended = true;
                    if (stop.IsCancellationRequested) return (new ScriptOutcome.Stopped(), false);
                    var reason = sandbox.Process.CrashReason();
                    logger.LogWarning("A sandbox process ended during a run: {Reason}", reason);
                    return (new ScriptOutcome.Failed(reason, null), !touched);
                }
                switch (message.Type)
                {
                    case "log":
                        recorder.Log(message.Level ?? "info", message.Text ?? "");
                        break;
                    case "step":
                        recorder.StepStarted(message.Step ?? 0, message.Name ?? "");
                        break;
                    case "stepEnd":
                        recorder.StepFinished(message.Step ?? 0, message.Name ?? "", message.DurationMs ?? 0, message.Error);
                        break;
                    case "document":
                        touched = true;
                        recorder.DocumentCreated(message.DocumentId ?? Guid.CreateVersion7(), message.Name ?? "document", message.Content ?? "", message.Bytes, message.MediaType ?? "text/plain");
                        break;
                    case "call":
                        touched = true;
                        // Not awaited here: the script may wait on several calls, and its log goes on meanwhile.
                        // On the pool: a plugin that blocks its thread must not block this process's other runs.
                        waiting.RemoveAll(call => call.IsCompleted);
                        waiting.Add(Task.Run(() => CallAsync(run, sandbox, sessions, message, recorder, callsEnded.Token), CancellationToken.None));
                        break;
                    case "done":
                        ended = true;
                        return (message.Outcome switch
                        {
                            "succeeded" => new ScriptOutcome.Succeeded(),
                            "stopped" => new ScriptOutcome.Stopped(),
                            _ => new ScriptOutcome.Failed(message.Error ?? "The script failed.", message.Line),
                        }, false);
                }
            }
        }
        catch (Exception error) when (error is IOException or InvalidOperationException)
        {
            // The pipe broke: the process is not to be trusted again, and the run failed with it.
            logger.LogWarning(error, "A sandbox process failed during a run");
            sandbox.Process.Kill();
            return (stop.IsCancellationRequested ? new ScriptOutcome.Stopped() : new ScriptOutcome.Failed(sandbox.Process.CrashReason(), null), false);
        }
        finally
        {
            // No stop may reach the process once its run has ended; calls the script left waiting end with it.
            onStop.Dispose();
            await callsEnded.CancelAsync();
            try
            {
                await Task.WhenAll(waiting).WaitAsync(CallsEndGrace, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // A plugin that ignores cancellation is left behind: the run ends without its answer.
            }
            processes.Return(sandbox, ended);
        }
    }

    private static void TrySend(SandboxRun sandbox, SandboxMessage message)
    {
        try
        {
            sandbox.Send(message);
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The process ended; the reader sees it and reports why.
        }
    }

    /// <summary>Makes one call and sends its reply; it never throws (a failure is the reply).</summary>
    private async Task CallAsync(ScriptRun run, SandboxRun sandbox, Dictionary<string, ConnectorSession> sessions, SandboxMessage call, RunRecorder recorder, CancellationToken cancellation)
    {
        var reply = await MakeCallAsync(run, sessions, call, recorder, cancellation);
        TrySend(sandbox, reply with { CallId = call.CallId });
    }

    private async Task<SandboxMessage> MakeCallAsync(ScriptRun run, Dictionary<string, ConnectorSession> sessions, SandboxMessage call, RunRecorder recorder, CancellationToken cancellation)
    {
        var operationId = call.Operation ?? "";
        var connector = run.Connectors.FirstOrDefault(c => c.FindOperation(operationId) is not null);
        var operation = connector?.FindOperation(operationId);
        if (connector is null || operation is null) return new SandboxMessage { Type = "reply", Error = $"No operation '{operationId}'." };
        // From here on, a node lost mid-run leaves a run that started (failed or retried, per action), never one that looks queued.
        try
        {
            await recorder.BeforeSideEffectAsync();
        }
        catch (Exception error) when (error is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new SandboxMessage { Type = "reply", Error = $"the run could not be recorded, so the call was not made ({error.Message})." };
        }
        ConnectorSession session;
        lock (sessions)
        {
            if (!sessions.TryGetValue(connector.Id, out session!))
            {
                // The action's account belongs to its own connector only: another connector's operations get none.
                var own = connector.Id == run.ConnectorId;
                session = calls.Open(connector, own ? run.Account : null, own ? run.RefreshAccount : null, line => recorder.Log("info", line));
                sessions[connector.Id] = session;
            }
        }
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await operation.RunAsync(session.Context(), call.Input as JsonObject ?? [], cancellation);
            var status = result is JsonObject obj && obj["status"] is JsonValue s && s.TryGetValue<int>(out var code) ? code : (int?)null;
            recorder.ConnectorCalled(operationId, status, watch.Elapsed.TotalMilliseconds, null);
            return new SandboxMessage { Type = "reply", Result = result };
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            var message = SafeText.Clean(session.Redact(ErrorMessage(error)), RunningScript.MaxErrorLength);
            recorder.ConnectorCalled(operationId, null, watch.Elapsed.TotalMilliseconds, message);
            return new SandboxMessage { Type = "reply", Error = message };
        }
        catch (OperationCanceledException)
        {
            return new SandboxMessage { Type = "reply", Error = "The run was stopped." };
        }
    }

    /// <summary>The innermost message that says what went wrong (an egress refusal sits inside HttpRequestException).</summary>
    private static string ErrorMessage(Exception error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
            if (inner is EgressException) return inner.Message;
        return error.Message;
    }
}
