using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record CreateConnectedCardInput(
    [property: Required, Display(Name = "Connected pipe", Description = "The id of the pipe connected to the parent card's pipe, where the new card is created."), OptionsFrom("listPipes")] string PipeId,
    [property: Required, Display(Name = "Parent card ID", Description = "The card the new one is connected to (its id, as text).")] string ParentCardId,
    [property: MaxLength(1000), Display(Name = "Title", Description = "The card's title; Pipefy names it from its fields when left out.")] string? Title = null,
    [property: Display(Name = "Phase", Description = "The phase it starts in; the pipe's start phase when left out."), OptionsFrom("listPhases")] string? PhaseId = null,
    [property: Display(Name = "Field values", Description = "Values by field id of the connected pipe (see listFields).")] Dictionary<string, JsonNode?>? Fields = null);

/// <summary><c>pipes.createConnectedCard</c> (create_connected_card): createCard with the parent card in <c>parent_ids</c>.</summary>
public sealed class CreateConnectedCard : Operation<CreateConnectedCardInput, CreatedCard>
{
    public override string Id => "pipes.createConnectedCard";
    public override string DisplayName => "Create a connected card";
    public override string Description => "Creates a card in a connected pipe as a child of a card (the pipes must be connected in Pipefy).";
    public override string Example => """const child = await pipes.createConnectedCard({ pipeId: config.connectedPipeId, parentCardId: String(input.cardId), title: "Invoice for " + input.customer });""";
    public override string Errors => """
        - The pipes are not connected (no pipe relation from the parent card's pipe to this one): Pipefy refuses the parent.
        - A required start-form field left out, or a value its field refuses, fails the call with Pipefy's message for that field.
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no pipe, phase or parent card has this id.
        - `PERMISSION_DENIED`: the token's user may not create cards in this pipe.
        """;

    protected override Task<CreatedCard> RunAsync(OperationContext context, CreateConnectedCardInput input, CancellationToken cancellationToken) =>
        CreateCard.CreateAsync(context, input.PipeId, input.Title, input.PhaseId, input.Fields, input.ParentCardId, cancellationToken);
}
