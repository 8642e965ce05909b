using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Triggers;

/// <summary>
/// <c>pipes.cardEvents</c>: a pipe's cards created or moved, as Pipefy's webhooks announce them (<c>createWebhook</c> on
/// the pipe with the actions <c>card.create</c> and <c>card.move</c>). A delivery is Pipefy's own payload
/// (<c>{"data":{"action","card":{id,title,pipe_id},"from","to",…}}</c>), kept as sent for the run.
/// </summary>
public sealed class CardEvents : ConnectorTrigger
{
    private static readonly Dictionary<string, string> ActionOfEvent = new()
    {
        ["card_created"] = "card.create",
        ["card_moved"] = "card.move",
    };

    private const string Subscribe = """
        mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }
        """;

    private const string Unsubscribe = """
        mutation ($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { success } }
        """;

    public override string Id => "pipes.cardEvents";
    public override string DisplayName => "Card events of a pipe";
    public override string Description => "Runs the action when a card of the pipe is created or moved to another phase, with Pipefy's event as the run's input.";

    public override IReadOnlyList<TriggerEventType> Events { get; } =
        [new("card_created", "A card is created"), new("card_moved", "A card moves to another phase")];

    public override IReadOnlyList<FieldDefinition> Inputs { get; } =
        [Field.Text("pipeId", "Pipe", required: true, help: "The pipe whose cards are watched.", maxLength: 100, optionsFrom: "listPipes")];

    public override async Task<string> SubscribeAsync(OperationContext context, TriggerSubscription subscription, CancellationToken cancellationToken)
    {
        var pipeId = PipesGraphQL.Text(subscription.Input, "pipeId")?.Trim();
        if (string.IsNullOrEmpty(pipeId)) throw new OperationInputException(["/pipeId: Pipe is required."]);
        var input = new JsonObject
        {
            ["pipe_id"] = pipeId,
            ["name"] = subscription.Name,
            ["url"] = subscription.DeliveryUrl.AbsoluteUri,
            ["actions"] = new JsonArray([.. subscription.Events.Select(e => (JsonNode?)(ActionOfEvent.TryGetValue(e, out var action) ? action : throw new OperationInputException([$"/events: Pipes announces no event '{e}'."])))]),
            // Pipefy's headers are a JSON text of name → value, sent with every delivery.
            ["headers"] = JsonSerializer.Serialize(subscription.Headers),
        };
        var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, Subscribe, new JsonObject { ["input"] = input }, cancellationToken), "createWebhook");
        return PipesGraphQL.Text(payload["webhook"], "id") ?? throw new ConnectorCallException("Pipes answered createWebhook without the webhook's id.");
    }

    public override async Task UnsubscribeAsync(OperationContext context, string subscriptionId, CancellationToken cancellationToken)
    {
        var (_, error) = await PipesGraphQL.TrySendAsync(context, Unsubscribe, new JsonObject { ["input"] = new JsonObject { ["id"] = subscriptionId } }, idempotent: false, cancellationToken);
        // A webhook Pipefy no longer has (deleted there by hand) is already unsubscribed.
        if (error is not null && error.Code is not ("RESOURCE_NOT_FOUND" or "RECORD_NOT_FOUND"))
            throw new ConnectorCallException(context.ConnectorName, 200, error.Code, error.Message);
    }

    public override TriggerEvent? Read(JsonNode? body)
    {
        if (body is not JsonObject { } delivery || delivery["data"] is not JsonObject data || PipesGraphQL.Text(data, "action") is not { } action) return null;
        var eventId = ActionOfEvent.FirstOrDefault(pair => pair.Value == action).Key;
        return eventId is null || data["card"] is not JsonObject ? null : new TriggerEvent(eventId, (JsonObject)delivery.DeepClone());
    }
}
