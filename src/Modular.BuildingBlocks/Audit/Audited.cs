using Marten;
using Wolverine;
using Wolverine.Marten;

namespace Modular.BuildingBlocks.Audit;

/// <summary>
/// A fact for the audit log: who did what, to what, when, in a workspace. Published through the outbox
/// with the change it records, so the log holds exactly what was committed. It never carries a secret
/// (an API key's name and prefix, an invitation's email; never a key, token or password).
/// </summary>
public sealed record Audited(string WorkspaceId, string Actor, string What, string? Subject, string? Detail, DateTimeOffset At);

public static class AuditTrail
{
    /// <summary>Adds <paramref name="fact"/> to what the session the outbox is enrolled in commits.</summary>
    public static ValueTask RecordAsync(this IMessageBus outbox, Audited fact) =>
        outbox.PublishAsync(fact, new DeliveryOptions { TenantId = fact.WorkspaceId });

    public static void EnrollOnce(this IMartenOutbox outbox, IDocumentSession session)
    {
        if (!ReferenceEquals(outbox.Session, session)) outbox.Enroll(session);
    }
}
