using Marten;
using Microsoft.Extensions.Logging;
using Modular.Actions.Contracts;
using Modular.BuildingBlocks.Connectors;
using Wolverine;

namespace Modular.Runs.Triggers;

/// <summary>A deleted action's subscription ends here and, as far as it can be told, at the connected system.</summary>
public static class UnsubscribeTriggerOfDeletedActionHandler
{
    public static async Task Handle(
        ActionDeleted deleted, IDocumentSession session, IMessageBus bus, ConnectorCalls calls, IConnectorCatalog catalog, ILogger<ActionTrigger> logger,
        CancellationToken cancellationToken)
    {
        var subscription = await session.LoadAsync<ActionTrigger>(deleted.ActionId, cancellationToken);
        if (subscription is null) return;
        session.Delete<ActionTrigger>(deleted.ActionId);
        session.Delete<TriggerRoute>(subscription.Token);
        if (await TriggerConnections.UnsubscribeAsync(bus, calls, catalog, session.TenantId, subscription, cancellationToken) is { } refusal)
            logger.LogWarning("The trigger subscription of deleted action {ActionId} could not be ended at the vendor ({External}): {Reason}",
                deleted.ActionId, subscription.ExternalId, refusal);
    }
}
