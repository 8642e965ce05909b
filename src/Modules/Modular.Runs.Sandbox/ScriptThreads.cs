using System.Collections.Concurrent;

namespace Modular.Runs.Sandbox;

/// <summary>
/// The threads that run scripts, each with a large explicit stack (Jint's own guard turns deep
/// interpreted recursion into a catchable error well before its end). A run with work in its mailbox
/// waits here for a free thread; a run waiting on a call is not here at all.
/// </summary>
public sealed class ScriptThreads
{
    private const int StackBytes = 256 * 1024 * 1024;
    private readonly BlockingCollection<RunningScript> _ready = new();

    public ScriptThreads(int count)
    {
        for (var n = 1; n <= count; n++)
            new Thread(Work, StackBytes) { Name = $"script {n}", IsBackground = true }.Start();
    }

    public void Schedule(RunningScript run) => _ready.Add(run);

    private void Work()
    {
        foreach (var run in _ready.GetConsumingEnumerable()) run.RunMailbox();
    }
}
