namespace Modular.Runs.Sandbox.Globals;

/// <summary><c>input</c>: what the run was triggered with (the webhook's body, the manual run's input).</summary>
internal sealed class InputGlobal : IScriptGlobal
{
    public IReadOnlyList<ScriptDoc> Docs { get; } =
        [new("input", "input", "What the run was started with: the webhook's JSON body, the manual run's input or the trigger's event; null when none.")];

    public void Install(RunningScript run) => run.Define(this, "input", run.Values.FromJson(run.Message.Input));
}
