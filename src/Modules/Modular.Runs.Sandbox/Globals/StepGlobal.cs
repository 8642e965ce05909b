using System.Diagnostics;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Modular.Plugins.Sdk;

namespace Modular.Runs.Sandbox.Globals;

/// <summary>
/// <c>await step(name, fn)</c>: a named, timed part of the run in its live log. The step ends when
/// what <c>fn</c> returns settles, so a step may wait on connector calls.
/// </summary>
internal sealed class StepGlobal : IScriptGlobal
{
    public const int MaxStepNameLength = 200;

    // Written in JavaScript so that it can await fn; begin and end report to the host.
    private static readonly Prepared<Script> Wrapper = Engine.PrepareScript("""
        (function (begin, end) {
          return async function step(name, fn) {
            const number = begin(name, fn);
            try {
              const value = await fn();
              end(number);
              return value;
            } catch (error) {
              end(number, error);
              throw error;
            }
          };
        })
        """);

    private readonly Dictionary<int, (string Name, long Started)> _open = [];
    private int _steps;
    private RunningScript? _run;

    public IReadOnlyList<ScriptDoc> Docs { get; } =
        [new("step", "await step(name, fn)", "A named, timed part of the run in its live log; resolves with what fn returns (fn may be async).")];

    public void Install(RunningScript run)
    {
        _run = run;
        var wrap = (Jint.Native.Function.Function)run.Engine.Evaluate(Wrapper);
        run.Define(this, "step", wrap.Call(JsValue.Undefined, [run.Function("begin", Begin), run.Function("end", End)]));
    }

    private JsValue Begin(JsValue[] args)
    {
        var run = _run!;
        var name = SafeText.Clean(args.Length > 0 ? args[0].ToString() : "step", MaxStepNameLength);
        if (args.Length < 2 || args[1] is not Jint.Native.Function.Function)
            throw run.Values.TypeError("step(name, fn) needs a function to run.");
        var number = ++_steps;
        if (number > run.Limits.MaxSteps) throw run.Values.Error($"A run has at most {run.Limits.MaxSteps:N0} steps.");
        _open[number] = (name, Stopwatch.GetTimestamp());
        run.Send(new SandboxMessage { Type = "step", Step = number, Name = name });
        return number;
    }

    private JsValue End(JsValue[] args)
    {
        var number = (int)args[0].AsNumber();
        var error = args.Length > 1 && !args[1].IsUndefined() ? SafeText.Clean(RunningScript.MessageOf(args[1]), RunningScript.MaxErrorLength) : null;
        Ended(number, error);
        return JsValue.Undefined;
    }

    /// <summary>The run ended before these steps did (stopped, out of time, or failing outside any script's reach).</summary>
    public void Interrupt(string reason)
    {
        foreach (var number in _open.Keys.Order().ToList()) Ended(number, reason);
    }

    private void Ended(int number, string? error)
    {
        if (!_open.Remove(number, out var step)) return;
        _run!.Send(new SandboxMessage
        {
            Type = "stepEnd",
            Step = number,
            Name = step.Name,
            DurationMs = Stopwatch.GetElapsedTime(step.Started).TotalMilliseconds,
            Error = error,
        });
    }
}
