using Microsoft.Extensions.Options;

namespace Modular.Runs.Execution;

/// <summary>
/// At most <c>Runs:MaxConcurrentRuns</c> runs execute at once on a node, and at most
/// <c>Runs:MaxConcurrentRunsPerAction</c> of one action; the others wait, queued. A run takes its
/// action's slot first, so runs waiting for a busy action hold no slot other actions could use.
/// Runs also wait to start while the schedule clock writes its fires (<see cref="HoldStarts"/>).
/// </summary>
public sealed class RunSlots(IOptions<RunsOptions> options, TimeProvider clock)
{
    /// <summary>The longest a hold keeps runs from starting, however long the clock takes.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _perAction = new();
    private readonly SemaphoreSlim _all = new(options.Value.MaxConcurrentRuns);
    private volatile TaskCompletionSource _hold = Released();

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        released.SetResult();
        return released;
    }

    /// <summary>
    /// Keeps runs from starting, and scheduled runs from being created, until disposed (at most
    /// <see cref="MaxHold"/>): the fires of a minute's schedules are committed first, instead of
    /// competing with their own runs for the machine. Runs already executing go on.
    /// </summary>
    public IDisposable HoldStarts()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = hold;
        var expiry = clock.CreateTimer(_ => hold.TrySetResult(), null, MaxHold, Timeout.InfiniteTimeSpan);
        return new Hold(hold, expiry);
    }

    /// <summary>Completes when no hold keeps runs from starting (or being created from scheduled fires).</summary>
    public Task UntilReleasedAsync(CancellationToken cancellationToken) => _hold.Task.WaitAsync(cancellationToken);

    /// <summary>Waits for both slots; when <paramref name="stopped"/> fires first, returns holding none.</summary>
    public async Task<IDisposable> EnterAsync(Guid actionId, CancellationToken stopped, CancellationToken cancellationToken)
    {
        var action = _perAction.GetOrAdd(actionId, _ => new SemaphoreSlim(options.Value.MaxConcurrentRunsPerAction));
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopped, cancellationToken);
        var held = new Release();
        try
        {
            await UntilReleasedAsync(wait.Token);
            await action.WaitAsync(wait.Token);
            held.Add(action);
            await _all.WaitAsync(wait.Token);
            held.Add(_all);
            return held;
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            held.Dispose();
            return new Release();
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    private sealed class Hold(TaskCompletionSource hold, ITimer expiry) : IDisposable
    {
        public void Dispose()
        {
            expiry.Dispose();
            hold.TrySetResult();
        }
    }

    private sealed class Release : IDisposable
    {
        private readonly List<SemaphoreSlim> _held = new(2);

        public void Add(SemaphoreSlim slot) => _held.Add(slot);

        public void Dispose()
        {
            foreach (var slot in _held) slot.Release();
            _held.Clear();
        }
    }
}

public sealed class RunsOptions
{
    public int MaxConcurrentRunsPerAction { get; set; } = 16;
    /// <summary>Runs executing at once on one node, all actions together (most runs wait on I/O, which holds no thread).</summary>
    public int MaxConcurrentRuns { get; set; } = 256;
    /// <summary>The heap each sandbox process may use: a hard limit the runtime enforces, whatever the script does.</summary>
    public int SandboxMemoryMegabytes { get; set; } = 256;
    /// <summary>Memory all sandbox processes of a node may use together; 0 takes three quarters of the machine's.</summary>
    public long MemoryBudgetMegabytes { get; set; }
    /// <summary>Sandbox processes a node keeps (each runs many scripts at once); 0 takes twice the cores, at least 4.</summary>
    public int SandboxProcesses { get; set; }

    /// <summary>Runs one sandbox process holds at once: together the processes hold <see cref="MaxConcurrentRuns"/>.</summary>
    public int RunsPerSandbox => (MaxConcurrentRuns + SandboxCount - 1) / SandboxCount;

    /// <summary>
    /// Sandbox processes: those configured, or as many as the memory budget holds, whichever is
    /// fewer. A process warms up (compiles the interpreter) once, so a few busy processes do more
    /// than many cold ones.
    /// </summary>
    public int SandboxCount
    {
        get
        {
            var wanted = SandboxProcesses > 0 ? SandboxProcesses : Math.Max(4, 2 * Environment.ProcessorCount);
            var budget = MemoryBudgetMegabytes > 0 ? MemoryBudgetMegabytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 3 / 4 / (1024 * 1024);
            return (int)Math.Clamp(budget / Math.Max(1, SandboxMemoryMegabytes), 1, wanted);
        }
    }
}
