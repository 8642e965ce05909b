using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Modular.Runs.Execution;

/// <summary>
/// Dedicated threads for scripts. A script runs synchronously and may spin until its limits stop it,
/// so it must not hold a thread-pool thread (requests would wait); starting a thread per run costs
/// more than a trivial run. One thread per run a node executes at once, started on first use.
/// </summary>
public sealed class ScriptThreads(IOptions<RunsOptions> options) : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Lock _startLock = new();
    private bool _started;

    public Task<T> RunAsync<T>(Func<T> script)
    {
        EnsureStarted();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(script());
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        });
        return done.Task;
    }

    private void EnsureStarted()
    {
        if (_started) return;
        lock (_startLock)
        {
            if (_started) return;
            for (var i = 0; i < Math.Max(1, options.Value.MaxConcurrentRuns); i++)
                new Thread(Work) { IsBackground = true, Name = $"script-{i + 1}" }.Start();
            _started = true;
        }
    }

    private void Work()
    {
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }

    public void Dispose() => _work.CompleteAdding();
}
