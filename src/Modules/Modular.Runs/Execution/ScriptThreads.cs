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
    private readonly ConcurrentQueue<Action> _work = new();
    // A kernel-style semaphore: idle script threads sleep instead of spinning for work (SemaphoreSlim spins first).
    private readonly Semaphore _available = new(0, int.MaxValue);
    private volatile bool _stopping;
    private int _threads;
    private readonly Lock _startLock = new();
    private bool _started;

    public Task<T> RunAsync<T>(Func<T> script)
    {
        EnsureStarted();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Enqueue(() =>
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
        _available.Release();
        return done.Task;
    }

    private void EnsureStarted()
    {
        if (_started) return;
        lock (_startLock)
        {
            if (_started) return;
            _threads = Math.Max(1, options.Value.MaxConcurrentRuns);
            for (var i = 0; i < _threads; i++)
                new Thread(Work) { IsBackground = true, Name = $"script-{i + 1}" }.Start();
            _started = true;
        }
    }

    private void Work()
    {
        while (_available.WaitOne() && !_stopping)
            if (_work.TryDequeue(out var work)) work();
    }

    public void Dispose()
    {
        _stopping = true;
        if (_threads > 0) _available.Release(_threads);
    }
}
