using System.Text.Json.Nodes;
using Modular.Runs.Queueing;

namespace Modular.Runs.Domain;

// A run is an event stream (its id is the run id). The log page reads it and follows it live.

/// <summary>The code, connector and account are a snapshot: the run executes what was triggered.</summary>
public sealed record RunQueued(
    Guid ActionId, string ActionName, string Trigger, JsonNode? Input, string By, DateTimeOffset At,
    string Code, string ConnectorId, string? AccountId);

/// <summary>A trigger fired while the action or its agent was not active: recorded, not run.</summary>
public sealed record RunRejected(Guid ActionId, string ActionName, string Trigger, string Reason, DateTimeOffset At);

public sealed record RunStarted(string Node, DateTimeOffset At);

public sealed record StepStarted(int Step, string Name, DateTimeOffset At);

public sealed record StepFinished(int Step, string Name, double DurationMs, string? Error, DateTimeOffset At);

public sealed record LogWritten(string Level, string Message, DateTimeOffset At);

public sealed record ConnectorCalled(string Operation, int? Status, double DurationMs, string? Error, DateTimeOffset At);

public sealed record DocumentCreated(Guid DocumentId, string Name, string MediaType, long Size, DateTimeOffset At);

public sealed record StopRequested(string By, DateTimeOffset At);

public sealed record RunSucceeded(double DurationMs, DateTimeOffset At);

public sealed record RunFailed(string Error, int? Line, double DurationMs, DateTimeOffset At);

public sealed record RunStopped(string By, double DurationMs, DateTimeOffset At);
