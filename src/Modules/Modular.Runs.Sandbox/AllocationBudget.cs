using Jint;

namespace Modular.Runs.Sandbox;

/// <summary>
/// A run's allocation budget across all the pieces it runs in: a script waiting on a connector call
/// leaves its thread, and resumes on whichever script thread is free. The runtime counts allocations
/// per thread only, so each piece is measured on its own thread and added to the run's total.
/// (Jint's own memory limit measures from the thread that started the run.)
/// </summary>
internal sealed class AllocationBudget(long limit) : Constraint
{
    private long _spent;
    private long _pieceStart;

    public long Limit => limit;

    /// <summary>The run's engine is about to run on this thread.</summary>
    public void Enter() => _pieceStart = GC.GetAllocatedBytesForCurrentThread();

    /// <summary>The run's engine has returned: what this piece allocated is charged.</summary>
    public void Leave() => _spent += GC.GetAllocatedBytesForCurrentThread() - _pieceStart;

    public override void Check()
    {
        if (_spent + GC.GetAllocatedBytesForCurrentThread() - _pieceStart > limit) throw new AllocationBudgetExceededException();
    }

    // Jint resets its constraints when a script starts; the budget is the run's, so nothing resets it.
    public override void Reset()
    {
    }
}

/// <summary>Thrown from inside the interpreter, where no script's try/catch can catch it.</summary>
internal sealed class AllocationBudgetExceededException() : Exception("The script exceeded its allocation budget.");
