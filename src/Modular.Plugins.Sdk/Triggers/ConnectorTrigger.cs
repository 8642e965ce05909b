using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

/// <summary>
/// Events the connected system announces by webhook (a Pipefy card created or moved). The host subscribes at the
/// vendor with the action's account, receives each delivery at a URL of its own (checking the secret header it
/// gave the vendor), and runs the action with the event as its input. The plugin only speaks the vendor's API:
/// how to subscribe, how to unsubscribe, and how to read a delivery.
/// </summary>
public abstract class ConnectorTrigger
{
    /// <summary>Stable id, "{connectorId}.{name}".</summary>
    public abstract string Id { get; }
    public abstract string DisplayName { get; }
    public virtual string Description => "";

    /// <summary>The events a subscription can ask for; a delivery's event is one of them.</summary>
    public abstract IReadOnlyList<TriggerEventType> Events { get; }

    /// <summary>What the subscription needs (the pipe whose cards are watched), as a form.</summary>
    public abstract IReadOnlyList<FieldDefinition> Inputs { get; }

    /// <summary>Subscribes at the vendor; returns the vendor's id of the subscription (to unsubscribe with).</summary>
    public abstract Task<string> SubscribeAsync(OperationContext context, TriggerSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Ends the vendor's subscription. One the vendor no longer has is not an error.</summary>
    public abstract Task UnsubscribeAsync(OperationContext context, string subscriptionId, CancellationToken cancellationToken);

    /// <summary>One delivery's event, or null when it is none of <see cref="Events"/>. The body is the sender's, untrusted.</summary>
    public abstract TriggerEvent? Read(JsonNode? body);
}

/// <param name="Id">How behaviours and runs name it: <c>card_created</c>.</param>
public sealed record TriggerEventType(string Id, string DisplayName);

/// <param name="Input">The subscription form's values, checked against <see cref="ConnectorTrigger.Inputs"/>.</param>
/// <param name="Events">The ids of the events asked for.</param>
/// <param name="DeliveryUrl">Where the vendor sends the deliveries.</param>
/// <param name="Headers">Headers every delivery must carry (the host's secret): the vendor is told to send them.</param>
/// <param name="Name">A name for the subscription at the vendor, to recognise it there.</param>
public sealed record TriggerSubscription(JsonObject Input, IReadOnlyList<string> Events, Uri DeliveryUrl, IReadOnlyDictionary<string, string> Headers, string Name);

/// <param name="EventId">One of the trigger's <see cref="TriggerEventType.Id"/>.</param>
/// <param name="Data">What the run gets as its input (with <c>eventId</c> added by the host).</param>
public sealed record TriggerEvent(string EventId, JsonObject Data);
