using Modular.BuildingBlocks.Audit;
using Wolverine.Marten;

namespace Modular.Audit.Features;

/// <summary>One line of the audit log.</summary>
public sealed record AuditEntry(Guid Id, string WorkspaceId, string Actor, string What, string? Subject, string? Detail, DateTimeOffset At);

/// <summary>Writes each fact a module audited. Delivered at least once: the entry's id is the message's, so a redelivery stores it once.</summary>
public static class RecordAuditedHandler
{
    public static IMartenOp Handle(Audited fact, Wolverine.Envelope envelope) =>
        MartenOps.Store(new AuditEntry(envelope.Id, fact.WorkspaceId, fact.Actor, fact.What, fact.Subject, fact.Detail, fact.At));
}
