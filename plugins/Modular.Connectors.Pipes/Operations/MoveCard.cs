using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record MoveCardInput(
    [property: Required, Display(Name = "Card ID", Description = "The card to move (its id, as text).")] string CardId,
    [property: Required, Display(Name = "Destination phase", Description = "The id of the phase to move it to."), OptionsFrom("listPhases")] string DestinationPhaseId);

public sealed record MovedCard(string CardId, string PhaseId, string? PhaseName);

/// <summary><c>pipes.moveCard</c> (move_card): moveCardToPhase.</summary>
public sealed class MoveCard : Operation<MoveCardInput, MovedCard>
{
    private const string Mutation = """
        mutation ($input: MoveCardToPhaseInput!) {
          moveCardToPhase(input: $input) { card { id current_phase { id name } } }
        }
        """;

    public override string Id => "pipes.moveCard";
    public override string DisplayName => "Move a card to a phase";
    public override string Description => "Moves a card to another phase of its pipe; the phase's required fields must be filled first.";
    public override string Example => """const moved = await pipes.moveCard({ cardId: String(input.cardId), destinationPhaseId: config.destinationPhaseId });""";
    public override string Errors => """
        - "Probably, you have required fields empty in your card": fill the fields the destination phase requires first (`updateCard`).
        - The destination phase is not one the card's current phase may move cards to (the pipe's phase connections).
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no card or phase has this id, or the token's user cannot see it.
        - `PERMISSION_DENIED`: the token's user may not move cards in this pipe.
        """;

    protected override async Task<MovedCard> RunAsync(OperationContext context, MoveCardInput input, CancellationToken cancellationToken)
    {
        var variables = new JsonObject { ["input"] = new JsonObject { ["card_id"] = input.CardId.Trim(), ["destination_phase_id"] = input.DestinationPhaseId.Trim() } };
        var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, Mutation, variables, cancellationToken), "moveCardToPhase");
        var phase = payload["card"]?["current_phase"];
        return new MovedCard(PipesGraphQL.Text(payload["card"], "id") ?? input.CardId.Trim(), PipesGraphQL.Text(phase, "id") ?? input.DestinationPhaseId.Trim(), PipesGraphQL.Text(phase, "name"));
    }
}
