using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Modular.Plugins.Sdk;
using Modular.Runs.Sandbox.Globals;

namespace Modular.Runs.Sandbox;

/// <summary>
/// One run's JavaScript in Jint: no CLR or file access; limits on time, allocations, statements and
/// recursion; the stop token checked between statements. The script runs in pieces: it starts, and
/// each connector call's reply resumes it, on whichever script thread is free, one piece at a time
/// (the messages for a run queue up in its mailbox), as does each timer of <c>sleep</c> and
/// <c>waitUntil</c>. While it waits on a call or a timer it holds no thread.
/// Every way a script can fail ends as a <c>done</c> message with the real reason: nothing a script
/// does is this process's failure, except overflowing the native stack or the heap, which end the
/// process (the host reports them).
/// </summary>
public sealed class RunningScript
{
    // The code runs as the body of an async function, so scripts may use top-level await.
    private const string Prefix = "(async function action() {\n";
    private const int PrefixLines = 1;
    private const int MaxParsedScripts = 200;
    /// <summary>A regular expression gets this long per match (they cannot be cancelled while matching).</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);
    /// <summary>The longest array a script may build (elements, not bytes).</summary>
    public const uint MaxArrayLength = 10_000_000;
    public const int MaxErrorLength = 4_000;
    /// <summary>Connector calls one run may wait on at once (<c>Promise.all</c> over a list, say).</summary>
    public const int MaxWaitingCalls = 32;
    /// <summary>Timers (<c>sleep</c>, <c>waitUntil</c>'s pauses) one run may wait on at once.</summary>
    public const int MaxWaitingTimers = 100;

    private static readonly ConcurrentDictionary<string, Prepared<Script>> Parsed = new();

    private readonly SandboxConnection _host;
    private readonly Action<RunningScript> _schedule;
    private readonly Action<RunningScript, SandboxMessage> _onEnded;
    private readonly ConcurrentQueue<Action> _mailbox = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _cancelled;
    private readonly AllocationBudget _budget;
    private readonly StepGlobal _steps = new();
    private readonly Dictionary<int, WaitingCall> _calls = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private int _scheduled;
    private int _lastCall;
    private int _timers;
    private Engine? _engine;
    private SandboxMessage? _done;
    private bool _finished;

    private sealed record WaitingCall(string OperationId, Action<JsValue> Resolve, Action<JsValue> Reject, ObjectInstance Error);

    /// <param name="run">The host's <c>run</c> message.</param>
    /// <param name="schedule">Hands the run to a script thread when its mailbox has work.</param>
    /// <param name="ended">Called once, with the <c>done</c> message, after it was sent.</param>
    public RunningScript(SandboxMessage run, SandboxConnection host, Action<RunningScript> schedule, Action<RunningScript, SandboxMessage> ended)
    {
        (Message, _host, _schedule, _onEnded) = (run, host, schedule, ended);
        Limits = run.Limits!;
        _budget = new AllocationBudget(Limits.MemoryBytes);
        _timeout = new CancellationTokenSource(Limits.Timeout);
        _cancelled = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _timeout.Token);
        // A run waiting on a call runs no statement that would notice: ending it is work for its mailbox.
        _cancelled.Token.Register(() => Post(() => End(_stop.IsCancellationRequested ? Done("stopped") : TimedOut())));
    }

    /// <summary>Starts the script (once the caller can find the run by its id: it may end at once).</summary>
    public void Begin() => Post(Start);

    /// <summary>The script hit the process's heap limit: the process may be left unable to work.</summary>
    public bool ExhaustedHeap { get; private set; }

    public SandboxMessage Message { get; }
    public SandboxLimits Limits { get; }
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);
    internal Engine Engine => _engine!;
    internal ScriptValues Values { get; private set; } = null!;

    /// <summary>Sends a message about this run to the host.</summary>
    internal void Send(SandboxMessage message) => _host.Send(message with { RunId = Message.RunId });

    /// <summary>Installs a global of <paramref name="global"/>; one it does not describe is a defect of this process, refused.</summary>
    internal void Define(IScriptGlobal global, string name, JsValue value)
    {
        if (!global.Docs.Any(d => d.Name == name)) throw new InvalidOperationException($"The script global '{name}' has no description in {global.GetType().Name}.Docs.");
        Engine.SetValue(name, value);
    }

    internal ClrFunction Function(string name, Func<JsValue[], JsValue> body) => new(Engine, name, (_, args) => body(args));

    public void Stop()
    {
        try { _stop.Cancel(); }
        catch (ObjectDisposedException) { /* the run ended meanwhile */ }
    }

    /// <summary>The host's reply to one of this run's calls: the script resumes with it.</summary>
    public void Replied(SandboxMessage reply) => Post(() => Piece(() =>
    {
        if (reply.CallId is not { } id || !_calls.Remove(id, out var call)) return;
        if (reply.Error is { } error)
        {
            call.Error.Set("message", $"{call.OperationId} failed: {error}");
            call.Reject(call.Error);
        }
        else call.Resolve(Values.FromJson(reply.Result));
        Engine.Advanced.ProcessTasks();
    }));

    /// <summary>A connector call: sent to the host, answered by a promise the reply settles.</summary>
    internal JsValue Call(string operationId, JsValue input)
    {
        // A stopped run makes no further call to a connected system.
        _cancelled.Token.ThrowIfCancellationRequested();
        if (_calls.Count >= MaxWaitingCalls)
            throw Values.Error($"A run waits on at most {MaxWaitingCalls} connector calls at once; await some before starting more.");
        var json = input.IsUndefined() ? [] : Values.ToJson(input, operationId) as JsonObject ?? [];
        var (promise, resolve, reject) = Engine.Advanced.RegisterPromise();
        // Made now, so that its stack names the line of the call when the reply is a failure.
        var error = (ObjectInstance)Engine.Intrinsics.Error.Construct([operationId], Engine.Intrinsics.Error);
        var id = ++_lastCall;
        _calls[id] = new WaitingCall(operationId, resolve, reject, error);
        Send(new SandboxMessage { Type = "call", CallId = id, Operation = operationId, Input = json });
        return promise;
    }

    /// <summary>
    /// Runs <paramref name="elapsed"/> as a piece of the run once <paramref name="delay"/> has passed.
    /// Meanwhile no thread waits and no statement runs; a stop or the time limit ends the run at once.
    /// </summary>
    internal void After(TimeSpan delay, Action elapsed)
    {
        _cancelled.Token.ThrowIfCancellationRequested();
        if (_timers >= MaxWaitingTimers)
            throw Values.Error($"A run waits on at most {MaxWaitingTimers} timers at once; await some before starting more.");
        _timers++;
        Task.Delay(delay, _cancelled.Token).ContinueWith(waited =>
        {
            if (waited.IsCanceled) return;
            Post(() => Piece(() =>
            {
                _timers--;
                elapsed();
                Engine.Advanced.ProcessTasks();
            }));
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Runs the mailbox's work on the calling thread; a run's work never runs on two threads at once.</summary>
    public void RunMailbox()
    {
        while (true)
        {
            while (_mailbox.TryDequeue(out var work)) work();
            Volatile.Write(ref _scheduled, 0);
            if (_mailbox.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0) return;
        }
    }

    private void Post(Action work)
    {
        _mailbox.Enqueue(work);
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) _schedule(this);
    }

    private void Start()
    {
        if (_finished) return;
        Prepared<Script> script;
        try
        {
            // Parsed scripts are reused across runs; edited code leaves old entries behind, so the cache is bounded.
            if (Parsed.Count > MaxParsedScripts) Parsed.Clear();
            script = Parsed.GetOrAdd(Message.Code ?? "", code => Engine.PrepareScript(Prefix + code + "\n})()"));
        }
        catch (Acornima.ParseErrorException error)
        {
            End(Failed($"Syntax error: {error.Description}", ScriptLine(error.LineNumber)));
            return;
        }
        Piece(() =>
        {
            _engine = new Engine(options =>
            {
                options.Strict()
                    .Constraint(_budget)
                    .MaxStatements(Limits.MaxStatements)
                    .LimitRecursion(Limits.MaxRecursion)
                    .CancellationToken(_cancelled.Token);
                options.Constraints.RegexTimeout = RegexTimeout;
                options.Constraints.MaxArraySize = MaxArrayLength;
                options.Host.StringCompilationAllowed = false;
            });
            Values = new ScriptValues(_engine);
            foreach (var global in ScriptApi.Create(_steps)) global.Install(this);
            new ConnectorGlobals().Install(this);
            var finished = (ObjectInstance)_engine.Evaluate(script);
            var then = (Jint.Native.Function.Function)finished.Get("then");
            then.Call(finished, [Function("succeeded", _ => Settled(Done("succeeded"))), Function("failed", args => Settled(Failed(MessageOf(args.ElementAtOrDefault(0) ?? JsValue.Undefined), LineOf(args.ElementAtOrDefault(0) ?? JsValue.Undefined))))]);
            _engine.Advanced.ProcessTasks();
        });
    }

    private JsValue Settled(SandboxMessage done)
    {
        _done ??= done;
        return JsValue.Undefined;
    }

    /// <summary>One piece of the run on this thread: its allocations are charged, its failure ends the run.</summary>
    private void Piece(Action work)
    {
        if (_finished) return;
        SandboxMessage? failed = null;
        _budget.Enter();
        try
        {
            work();
        }
        catch (Exception error)
        {
            failed = Failure(error);
        }
        finally
        {
            _budget.Leave();
        }
        if (failed is not null) End(failed);
        else if (_done is not null) End(_done);
        // Nothing it waits on can settle: no call is out and no timer is set.
        else if (_calls.Count == 0 && _timers == 0) End(Failed("The script waits on a promise that nothing settles, so it can never end."));
    }

    private void End(SandboxMessage done)
    {
        if (_finished) return;
        (_finished, _done, _engine) = (true, done, null);
        _steps.Interrupt(done.Outcome switch
        {
            "stopped" => "Interrupted: the run was stopped.",
            "failed" => "Interrupted: " + done.Error,
            _ => "Interrupted: the run ended before this step did.",
        });
        _calls.Clear();
        Send(done);
        // Timers still set (a sleep nobody awaited) are dropped with the run instead of keeping it in memory.
        _cancelled.Cancel();
        _timeout.Dispose();
        _cancelled.Dispose();
        _stop.Dispose();
        _onEnded(this, done);
    }

    private SandboxMessage TimedOut() => Failed($"The script ran longer than its time limit ({Limits.Timeout}).");

    private SandboxMessage Failure(Exception exception) => exception switch
    {
        _ when _stop.IsCancellationRequested => Done("stopped"),
        RegexMatchTimeoutException => Failed($"A regular expression ran longer than {RegexTimeout.TotalSeconds:0} s (its pattern backtracks too much for this text)."),
        _ when _timeout.IsCancellationRequested || exception is TimeoutException => TimedOut(),
        AllocationBudgetExceededException or MemoryLimitExceededException => Failed($"The script used more memory than its limit ({_budget.Limit / (1024 * 1024)} MB)."),
        StatementsCountOverflowException => Failed($"The script ran more than its limit of {Limits.MaxStatements:N0} statements."),
        RecursionDepthOverflowException => Failed($"The script recursed deeper than its limit of {Limits.MaxRecursion} calls."),
        JavaScriptException error => Failed(error.Message, ScriptLine(error.Location.Start.Line)),
        PromiseRejectedException error => Failed(MessageOf(error.RejectedValue), LineOf(error.RejectedValue)),
        InsufficientExecutionStackException => Failed("The script's code or values are nested too deeply."),
        OutOfMemoryException => ExhaustedHeapFailure(),
        _ => Failed($"The script failed: {exception.Message}"),
    };

    private SandboxMessage ExhaustedHeapFailure()
    {
        ExhaustedHeap = true;
        return Failed("The script used more memory than the sandbox allows.");
    }

    private static SandboxMessage Done(string outcome) => new() { Type = "done", Outcome = outcome };

    private static SandboxMessage Failed(string error, int? line = null) =>
        new() { Type = "done", Outcome = "failed", Error = SafeText.Clean(error, MaxErrorLength), Line = line };

    private static int? ScriptLine(int line) => line > PrefixLines ? line - PrefixLines : null;

    /// <summary>What a thrown or rejected value says: an error's message, or the value as text.</summary>
    internal static string MessageOf(JsValue value) =>
        value is ObjectInstance error && error.Get("message") is var message && message.IsString()
            ? message.AsString()
            : value.ToString();

    private static int? LineOf(JsValue value)
    {
        // Error stacks read "at action (<anonymous>:LINE:COLUMN)"; the first frame is where it was thrown.
        if (value is not ObjectInstance error || error.Get("stack") is var stack && !stack.IsString()) return null;
        var match = Regex.Match(stack.AsString(), @":(\d+):\d+");
        return match.Success && int.TryParse(match.Groups[1].Value, out var line) ? ScriptLine(line) : null;
    }
}
