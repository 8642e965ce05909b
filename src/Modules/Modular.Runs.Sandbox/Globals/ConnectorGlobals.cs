using Jint;
using Jint.Native;

namespace Modular.Runs.Sandbox.Globals;

/// <summary>
/// One object per connector (<c>rest</c>, <c>hubspot</c>, <c>google_sheets</c>…) whose functions call
/// its operations through the host. Each returns a promise: a run waiting on a connected system holds
/// no thread.
/// </summary>
internal sealed class ConnectorGlobals : IScriptGlobal
{
    /// <summary>None here: each connector's operations describe its object.</summary>
    public IReadOnlyList<ScriptDoc> Docs { get; } = [];

    public void Install(RunningScript run)
    {
        foreach (var (scriptName, operations) in run.Message.Connectors ?? [])
        {
            var target = new JsObject(run.Engine);
            foreach (var (name, operationId) in operations)
                target.Set(name, run.Function(name, args => run.Call(operationId, args.Length > 0 ? args[0] : JsValue.Undefined)));
            run.Engine.SetValue(scriptName, target);
        }
    }
}
