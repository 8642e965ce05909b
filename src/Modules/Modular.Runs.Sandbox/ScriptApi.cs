using Modular.Runs.Sandbox.Globals;

namespace Modular.Runs.Sandbox;

/// <summary>A global a script sees (or a member of one), as the console's editor completes it, shows it on hover and lists it.</summary>
public sealed record ScriptDoc(string Name, string Signature, string Summary, IReadOnlyList<ScriptDoc>? Members = null);

/// <summary>
/// The script API: the globals every run gets, each with its description. A run installs its globals
/// only through <see cref="RunningScript.Define"/>, which refuses a name its global does not describe,
/// so what the console shows and what scripts get cannot drift apart. Connector objects (<c>rest</c>…)
/// are described by their connectors' operations.
/// </summary>
public static class ScriptApi
{
    internal static IScriptGlobal[] Create(StepGlobal steps) =>
        [new InputGlobal(), new LogGlobal(), steps, new DocumentsGlobal(), new RenderGlobal(), new PagingGlobal(), new WaitGlobal()];

    public static IReadOnlyList<ScriptDoc> Globals { get; } = [.. Create(new StepGlobal()).SelectMany(g => g.Docs)];
}
