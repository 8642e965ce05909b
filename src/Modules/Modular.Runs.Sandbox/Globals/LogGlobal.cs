using Jint.Native;
using Modular.Plugins.Sdk;

namespace Modular.Runs.Sandbox.Globals;

/// <summary><c>log(...values)</c>: a line in the run's live log.</summary>
internal sealed class LogGlobal : IScriptGlobal
{
    public const int MaxLogLength = 100_000;

    public void Install(RunningScript run) => run.Engine.SetValue("log", run.Function("log", args =>
    {
        run.Send(new SandboxMessage { Type = "log", Level = "info", Text = SafeText.Clean(run.Values.Text(args), MaxLogLength) });
        return JsValue.Undefined;
    }));
}
