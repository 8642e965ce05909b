using System.Diagnostics;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime;

namespace Modular.Runs.Sandbox.Globals;

/// <summary>
/// Waiting in a script: <c>await sleep(ms)</c>, and <c>await waitUntil(check, { every, timeout })</c>,
/// which calls <c>check</c> (it may be async, e.g. a connector call) until it returns a truthy value
/// and resolves with that value, or rejects once <c>timeout</c> has passed. A waiting run holds no
/// thread and runs no statement; a stop ends it at once, and the run's time limit still applies.
/// </summary>
internal sealed class WaitGlobal : IScriptGlobal
{
    public const int MaxDelayMs = int.MaxValue;
    public const int MinEveryMs = 10;
    public const int DefaultEveryMs = 1_000;
    public const int DefaultTimeoutMs = 60_000;

    public IReadOnlyList<ScriptDoc> Docs { get; } =
    [
        new("sleep", "await sleep(ms)", "Waits ms milliseconds. The run holds no thread and runs no statement meanwhile; a stop ends it at once; the run's time limit still applies."),
        new("waitUntil", "await waitUntil(check, { every, timeout })",
            "Calls check (it may be async, e.g. a connector call) every `every` ms (default 1,000, at least 10) until it returns a truthy value, and resolves with that value; rejects once `timeout` ms have passed (default 60,000)."),
    ];

    public void Install(RunningScript run)
    {
        run.Define(this, "sleep", run.Function("sleep", args => Sleep(run, args)));
        run.Define(this, "waitUntil", run.Function("waitUntil", args => WaitUntil(run, args)));
    }

    private static JsValue Sleep(RunningScript run, JsValue[] args)
    {
        var ms = Milliseconds(run, args.Length > 0 ? args[0] : JsValue.Undefined, "sleep(ms)", "ms", 0);
        var (promise, resolve, _) = run.Engine.Advanced.RegisterPromise();
        run.After(TimeSpan.FromMilliseconds(ms), () => resolve(JsValue.Undefined));
        return promise;
    }

    private static JsValue WaitUntil(RunningScript run, JsValue[] args)
    {
        if (args.Length == 0 || args[0] is not Function check)
            throw run.Values.TypeError("waitUntil(check, options) needs a function that returns a truthy value once the wait is over.");
        var options = args.Length > 1 ? args[1] as ObjectInstance : null;
        var every = options?.Get("every") is { } e && !e.IsUndefined() ? Milliseconds(run, e, "waitUntil", "every", MinEveryMs) : DefaultEveryMs;
        var timeout = options?.Get("timeout") is { } t && !t.IsUndefined() ? Milliseconds(run, t, "waitUntil", "timeout", 0) : DefaultTimeoutMs;
        var (promise, resolve, reject) = run.Engine.Advanced.RegisterPromise();
        // Made now, so that its stack names the line that waited when the wait runs out.
        var expired = (ObjectInstance)run.Engine.Intrinsics.Error.Construct([$"waitUntil: the condition was not met within {timeout:N0} ms."], run.Engine.Intrinsics.Error);
        var started = Stopwatch.GetTimestamp();

        void Attempt()
        {
            JsValue value;
            try
            {
                value = run.Engine.Call(check, JsValue.Undefined, []);
            }
            catch (JavaScriptException error)
            {
                reject(error.Error);
                return;
            }
            if (value is ObjectInstance thenable && thenable.Get("then") is Function then)
                then.Call(thenable, [run.Function("checked", a => Checked(a.Length > 0 ? a[0] : JsValue.Undefined)), run.Function("failed", a => Failed(a))]);
            else
                Checked(value);
        }

        JsValue Failed(JsValue[] a)
        {
            reject(a.Length > 0 ? a[0] : JsValue.Undefined);
            return JsValue.Undefined;
        }

        JsValue Checked(JsValue value)
        {
            if (TypeConverter.ToBoolean(value)) resolve(value);
            else if (Stopwatch.GetElapsedTime(started).TotalMilliseconds + every > timeout) reject(expired);
            else run.After(TimeSpan.FromMilliseconds(every), Attempt);
            return JsValue.Undefined;
        }

        Attempt();
        return promise;
    }

    private static int Milliseconds(RunningScript run, JsValue value, string caller, string name, int min)
    {
        if (!value.IsNumber() || double.IsNaN(value.AsNumber()) || value.AsNumber() < min || value.AsNumber() > MaxDelayMs)
            throw run.Values.TypeError($"{caller}: {name} is a number of milliseconds from {min:N0} to {MaxDelayMs:N0}.");
        return (int)value.AsNumber();
    }
}
