using Modular.Runs.Execution;
using Modular.Runs.Queueing;

namespace Modular.Runs.Domain;

public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Stopped = "stopped";
    public const string Rejected = "rejected";

    public static bool IsEnded(string status) => status is Succeeded or Failed or Stopped or Rejected;
}

/// <summary>A run as lists show it, stored with its events in the same transaction (see <see cref="RunSummary"/>).</summary>
public sealed class Run
{
    public Guid Id { get; set; }
    public Guid ActionId { get; set; }
    public string ActionName { get; set; } = "";
    public string Trigger { get; set; } = "";
    public string Status { get; set; } = RunStatus.Queued;
    public string? Node { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public double? DurationMs { get; set; }
    public string? Error { get; set; }
    public int? ErrorLine { get; set; }
    public string? StopRequestedBy { get; set; }
    public string? StoppedBy { get; set; }
    /// <summary>How many times it started: more than once when its node was lost and the action retries.</summary>
    public int Attempts { get; set; }
    public int Steps { get; set; }
    public int LogLines { get; set; }
    public int ConnectorCalls { get; set; }
    public List<RunDocumentInfo> Documents { get; set; } = [];

    internal object MemberwiseCopy() => MemberwiseClone();
}

public sealed record RunDocumentInfo(Guid Id, string Name, string MediaType, long Size);

/// <summary>
/// How events change the summary. A run's stream has one writer (the trigger, then the node executing
/// it), which keeps the summary in memory and stores it with the events it appends: no read per write.
/// </summary>
public static class RunSummary
{
    public static Run Start(Guid runId, RunQueued e) => new()
    {
        Id = runId,
        ActionId = e.ActionId,
        ActionName = e.ActionName,
        Trigger = e.Trigger,
        QueuedAt = e.At,
    };

    public static Run Start(Guid runId, RunRejected e) => new()
    {
        Id = runId,
        ActionId = e.ActionId,
        ActionName = e.ActionName,
        Trigger = e.Trigger,
        Status = RunStatus.Rejected,
        Error = e.Reason,
        QueuedAt = e.At,
        EndedAt = e.At,
    };

    /// <summary>A copy with <paramref name="events"/> applied; the original stays as stored.</summary>
    public static Run With(this Run run, IEnumerable<object> events)
    {
        var next = (Run)run.MemberwiseCopy();
        next.Documents = [.. run.Documents];
        foreach (var e in events) Apply(next, e);
        return next;
    }

    private static void Apply(Run run, object e)
    {
        switch (e)
        {
            case RunStarted started:
                run.Status = RunStatus.Running;
                run.Node = started.Node;
                run.StartedAt ??= started.At;
                run.Attempts++;
                break;
            case StepStarted:
                run.Steps++;
                break;
            case LogWritten:
                run.LogLines++;
                break;
            case ConnectorCalled:
                run.ConnectorCalls++;
                break;
            case DocumentCreated document:
                run.Documents.Add(new RunDocumentInfo(document.DocumentId, document.Name, document.MediaType, document.Size));
                break;
            case StopRequested stop:
                run.StopRequestedBy = stop.By;
                break;
            case RunSucceeded succeeded:
                End(run, RunStatus.Succeeded, succeeded.At, succeeded.DurationMs);
                break;
            case RunFailed failed:
                End(run, RunStatus.Failed, failed.At, failed.DurationMs);
                run.Error = failed.Error;
                run.ErrorLine = failed.Line;
                break;
            case RunStopped stopped:
                End(run, RunStatus.Stopped, stopped.At, stopped.DurationMs);
                run.StoppedBy = stopped.By;
                break;
        }
    }

    private static void End(Run run, string status, DateTimeOffset at, double durationMs)
    {
        run.Status = status;
        run.EndedAt = at;
        run.DurationMs = durationMs;
    }
}
