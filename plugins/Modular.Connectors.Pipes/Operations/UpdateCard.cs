using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record UpdateCardInput(
    [property: Required, Display(Name = "Card ID", Description = "The card to update (its id, as text).")] string CardId,
    [property: Display(Name = "Field values", Description = "New values by field id (see listFields), e.g. { \"status\": \"Reviewed\" }; a list for checklists and connections.")] Dictionary<string, JsonNode?>? Fields = null,
    [property: MaxLength(1000), Display(Name = "Title", Description = "A new title.")] string? Title = null,
    [property: Display(Name = "Assignees", Description = "The user ids the card is assigned to (replacing the current ones).")] IReadOnlyList<string>? AssigneeIds = null,
    [property: Display(Name = "Labels", Description = "The label ids of the card (replacing the current ones).")] IReadOnlyList<string>? LabelIds = null,
    [property: MaxLength(40), Display(Name = "Due date", Description = "ISO 8601, e.g. 2025-07-01T17:00:00Z.")] string? DueDate = null);

/// <param name="UpdatedFields">The field ids whose values were replaced.</param>
public sealed record UpdatedCard(string CardId, string? Title, IReadOnlyList<string> UpdatedFields);

/// <summary><c>pipes.updateCard</c> (update_card): updateFieldsValues for field values, updateCard for the title, assignees, labels and due date.</summary>
public sealed class UpdateCard : Operation<UpdateCardInput, UpdatedCard>
{
    private const string FieldsMutation = """
        mutation ($input: UpdateFieldsValuesInput!) {
          updateFieldsValues(input: $input) { success userErrors { field message } updatedNode { ... on Card { id title } } }
        }
        """;

    private const string CardMutation = """
        mutation ($input: UpdateCardInput!) {
          updateCard(input: $input) { card { id title } }
        }
        """;

    public override string Id => "pipes.updateCard";
    public override string DisplayName => "Update a card";
    public override string Description =>
        "Replaces field values of a card (by field id), and its title, assignees, labels or due date. " +
        "Field values are written in one call, the card's own attributes in another.";
    public override string Example => """await pipes.updateCard({ cardId: String(input.cardId), fields: { status: "Reviewed", summary: input.summary } });""";
    public override string Errors => """
        - A field value the field refuses (a date in another format, an option it does not have) fails the call with Pipefy's message for that field.
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no card has this id, or no field of its pipe has a given field id.
        - `PERMISSION_DENIED`: the token's user may not edit cards of this pipe.
        """;

    protected override async Task<UpdatedCard> RunAsync(OperationContext context, UpdateCardInput input, CancellationToken cancellationToken)
    {
        var attributes = new JsonObject { ["id"] = input.CardId.Trim() };
        if (input.Title is not null) attributes["title"] = input.Title;
        if (input.AssigneeIds is not null) attributes["assignee_ids"] = new JsonArray([.. input.AssigneeIds.Select(a => (JsonNode?)a)]);
        if (input.LabelIds is not null) attributes["label_ids"] = new JsonArray([.. input.LabelIds.Select(l => (JsonNode?)l)]);
        if (input.DueDate is not null) attributes["due_date"] = input.DueDate;
        if (input.Fields is not { Count: > 0 } && attributes.Count == 1)
            throw new OperationInputException(["Nothing to update: give 'fields', 'title', 'assigneeIds', 'labelIds' or 'dueDate'."]);

        string? title = null;
        if (input.Fields is { Count: > 0 } fields)
        {
            var values = new JsonArray([.. fields.Select(f => (JsonNode?)new JsonObject { ["fieldId"] = f.Key, ["value"] = f.Value?.DeepClone() })]);
            var variables = new JsonObject { ["input"] = new JsonObject { ["nodeId"] = input.CardId.Trim(), ["values"] = values } };
            var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, FieldsMutation, variables, cancellationToken), "updateFieldsValues");
            var problems = (payload["userErrors"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(e => $"{PipesGraphQL.Text(e, "field") ?? "a field"}: {PipesGraphQL.Text(e, "message")}").ToList();
            if (problems.Count > 0 || payload["success"] is JsonValue success && success.TryGetValue<bool>(out var ok) && !ok)
                throw new ConnectorCallException($"Pipes did not update the card's fields: {(problems.Count > 0 ? string.Join("; ", problems) : "it answered success: false")}.");
            title = PipesGraphQL.Text(payload["updatedNode"], "title");
        }
        if (attributes.Count > 1)
        {
            var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, CardMutation, new JsonObject { ["input"] = attributes }, cancellationToken), "updateCard");
            title = PipesGraphQL.Text(payload["card"], "title") ?? title;
        }
        return new UpdatedCard(input.CardId.Trim(), title, [.. (input.Fields ?? []).Keys]);
    }
}
