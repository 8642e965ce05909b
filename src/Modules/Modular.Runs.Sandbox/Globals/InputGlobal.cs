namespace Modular.Runs.Sandbox.Globals;

/// <summary><c>input</c>: what the run was triggered with (the webhook's body, the manual run's input).</summary>
internal sealed class InputGlobal : IScriptGlobal
{
    public void Install(RunningScript run) => run.Engine.SetValue("input", run.Values.FromJson(run.Message.Input));
}
