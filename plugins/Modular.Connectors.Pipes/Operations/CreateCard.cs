using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record CreateCardInput(
    [property: Required, Display(Name = "Pipe", Description = "The id of the pipe the card is created in."), OptionsFrom("listPipes")] string PipeId,
    [property: MaxLength(1000), Display(Name = "Title", Description = "The card's title; Pipefy names it from its fields when left out.")] string? Title = null,
    [property: Display(Name = "Phase", Description = "The phase it starts in; the pipe's start phase when left out."), OptionsFrom("listPhases")] string? PhaseId = null,
    [property: Display(Name = "Field values", Description = "Values by field id (see listFields), e.g. { \"customer_email\": \"ada@example.com\" }; a list for checklists and connections.")] Dictionary<string, JsonNode?>? Fields = null);

public sealed record CreatedCard(string CardId, string? Title, string? Url, string? PhaseId, string? PhaseName);

/// <summary><c>pipes.createCard</c> (create_card): createCard.</summary>
public sealed class CreateCard : Operation<CreateCardInput, CreatedCard>
{
    internal const string Mutation = """
        mutation ($input: CreateCardInput!) {
          createCard(input: $input) { card { id title url current_phase { id name } } }
        }
        """;

    public override string Id => "pipes.createCard";
    public override string DisplayName => "Create a card";
    public override string Description => "Creates a card in a pipe, in its start phase or another one, with field values by field id.";
    public override string Example => """const card = await pipes.createCard({ pipeId: config.pipeId, title: "Order " + input.orderId, fields: { customer_email: input.email } });""";
    public override string Errors => """
        - A required start-form field left out, or a value its field refuses, fails the call with Pipefy's message for that field.
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no pipe or phase has this id, or no field of the pipe has a given field id.
        - `PERMISSION_DENIED`: the token's user may not create cards in this pipe.
        """;

    protected override async Task<CreatedCard> RunAsync(OperationContext context, CreateCardInput input, CancellationToken cancellationToken) =>
        await CreateAsync(context, input.PipeId, input.Title, input.PhaseId, input.Fields, parentCardId: null, cancellationToken);

    internal static async Task<CreatedCard> CreateAsync(
        OperationContext context, string pipeId, string? title, string? phaseId, Dictionary<string, JsonNode?>? fields, string? parentCardId, CancellationToken cancellationToken)
    {
        var card = new JsonObject { ["pipe_id"] = pipeId.Trim(), ["fields_attributes"] = PipesGraphQL.FieldsAttributes(fields) };
        if (!string.IsNullOrWhiteSpace(title)) card["title"] = title;
        if (!string.IsNullOrWhiteSpace(phaseId)) card["phase_id"] = phaseId.Trim();
        if (parentCardId is not null) card["parent_ids"] = new JsonArray(parentCardId.Trim());
        var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, Mutation, new JsonObject { ["input"] = card }, cancellationToken), "createCard");
        var created = payload["card"] ?? throw new ConnectorCallException("Pipes answered createCard without the card: it was not created.");
        var phase = created["current_phase"];
        return new CreatedCard(PipesGraphQL.Text(created, "id") ?? "", PipesGraphQL.Text(created, "title"), PipesGraphQL.Text(created, "url"),
            PipesGraphQL.Text(phase, "id"), PipesGraphQL.Text(phase, "name"));
    }
}
