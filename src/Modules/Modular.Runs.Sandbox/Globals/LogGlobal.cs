using Jint.Native;
using Modular.Plugins.Sdk;

namespace Modular.Runs.Sandbox.Globals;

/// <summary><c>log(...values)</c>: a line in the run's live log.</summary>
internal sealed class LogGlobal : IScriptGlobal
{
    public const int MaxLogLength = 100_000;

    public IReadOnlyList<ScriptDoc> Docs { get; } =
        [new("log", "log(...values)", "Writes a line to the run's live log: the values, separated by spaces (objects as JSON).")];

    public void Install(RunningScript run) => run.Define(this, "log", run.Function("log", args =>
    {
        run.Send(new SandboxMessage { Type = "log", Level = "info", Text = SafeText.Clean(run.Values.Text(args), MaxLogLength) });
        return JsValue.Undefined;
    }));
}
