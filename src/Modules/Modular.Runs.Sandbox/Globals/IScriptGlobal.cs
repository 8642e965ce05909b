namespace Modular.Runs.Sandbox.Globals;

/// <summary>One group of the globals a script sees, made for each run and installed into its engine.</summary>
internal interface IScriptGlobal
{
    void Install(RunningScript run);
}
