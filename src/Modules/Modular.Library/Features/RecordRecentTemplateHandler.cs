using Marten;
using Modular.Actions.Contracts;
using Modular.Library.Domain;

namespace Modular.Library.Features;

/// <summary>Keeps "Recent" from the actions the workspace creates (the event carries the workspace).</summary>
public static class RecordRecentTemplateHandler
{
    public static async Task Handle(ActionCreated created, IDocumentSession session, CancellationToken cancellationToken)
    {
        var recent = await session.LoadAsync<RecentTemplate>(created.TemplateId, cancellationToken);
        // Deliveries can arrive out of order; the latest use wins.
        if (recent is not null && recent.LastUsedAt >= created.At) return;
        session.Store(new RecentTemplate { Id = created.TemplateId, LastUsedAt = created.At });
    }
}
