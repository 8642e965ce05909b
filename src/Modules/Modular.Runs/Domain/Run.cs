using JasperFx.Events;
using Marten.Events.Aggregation;

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

/// <summary>A run as lists show it, kept up to date from its events in the same transaction.</summary>
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
}

public sealed record RunDocumentInfo(Guid Id, string Name, string MediaType, long Size);

public sealed class RunProjection : SingleStreamProjection<Run, Guid>
{
    public Run Create(IEvent<RunQueued> e) => new()
    {
        Id = e.StreamId,
        ActionId = e.Data.ActionId,
        ActionName = e.Data.ActionName,
        Trigger = e.Data.Trigger,
        QueuedAt = e.Data.At,
    };

    public Run Create(IEvent<RunRejected> e) => new()
    {
        Id = e.StreamId,
        ActionId = e.Data.ActionId,
        ActionName = e.Data.ActionName,
        Trigger = e.Data.Trigger,
        Status = RunStatus.Rejected,
        Error = e.Data.Reason,
        QueuedAt = e.Data.At,
        EndedAt = e.Data.At,
    };

    public void Apply(RunStarted e, Run run)
    {
        run.Status = RunStatus.Running;
        run.Node = e.Node;
        run.StartedAt ??= e.At;
        run.Attempts++;
    }

    public void Apply(StepStarted _, Run run) => run.Steps++;
    public void Apply(LogWritten _, Run run) => run.LogLines++;
    public void Apply(ConnectorCalled _, Run run) => run.ConnectorCalls++;
    public void Apply(DocumentCreated e, Run run) => run.Documents.Add(new RunDocumentInfo(e.DocumentId, e.Name, e.MediaType, e.Size));
    public void Apply(StopRequested e, Run run) => run.StopRequestedBy = e.By;

    public void Apply(RunSucceeded e, Run run) => End(run, RunStatus.Succeeded, e.At, e.DurationMs);

    public void Apply(RunFailed e, Run run)
    {
        End(run, RunStatus.Failed, e.At, e.DurationMs);
        run.Error = e.Error;
        run.ErrorLine = e.Line;
    }

    public void Apply(RunStopped e, Run run)
    {
        End(run, RunStatus.Stopped, e.At, e.DurationMs);
        run.StoppedBy = e.By;
    }

    private static void End(Run run, string status, DateTimeOffset at, double durationMs)
    {
        run.Status = status;
        run.EndedAt = at;
        run.DurationMs = durationMs;
    }
}
