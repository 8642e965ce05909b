namespace Modular.Runs.Sandbox.Globals;

/// <summary>One group of the globals a script sees, made for each run and installed into its engine.</summary>
internal interface IScriptGlobal
{
    /// <summary>What it installs, described (see <see cref="ScriptApi"/>).</summary>
    IReadOnlyList<ScriptDoc> Docs { get; }

    void Install(RunningScript run);
}
