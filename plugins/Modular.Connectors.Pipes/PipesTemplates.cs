using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes;

/// <summary>The Pipes connector's library templates.</summary>
public static class PipesTemplates
{
    private static readonly FieldDefinition Pipe = Field.Text("pipeId", "Pipe", required: true, help: "The pipe, by its id.", placeholder: "301234567", maxLength: 100, optionsFrom: "listPipes");

    public static readonly TemplateDefinition MoveCard = new(
        Id: "pipes.move-card",
        Name: "Move a card to a phase",
        Description: "Move the Pipes card named in the run's input to a phase of its pipe.",
        IntentFields: [Field.Text("when", "When it moves", help: "For the description, e.g. when the payment is confirmed.", placeholder: "When the payment is confirmed")],
        ConfigurationFields:
        [
            Pipe,
            Field.Text("destinationPhaseId", "Destination phase", required: true, help: "The phase the card moves to.", placeholder: "318765432", maxLength: 100, optionsFrom: "listPhases"),
            Field.Text("cardIdField", "Card id in the input", required: true,
                help: "Where the run's input holds the card's id: a property name or a dotted path (data.card.id for a Pipefy webhook).",
                placeholder: "cardId", maxLength: 200) with { Default = JsonValue.Create("cardId") },
        ],
        Script: """
            // The card's id, at a dotted path of the run's input.
            const cardId = config.cardIdField.split(".").reduce((value, key) => value === null || value === undefined ? undefined : value[key], input);
            if (cardId === null || cardId === undefined || String(cardId).trim() === "")
              throw new Error("The run's input has no card id at '" + config.cardIdField + "'.");
            const moved = await step("Move card " + cardId, () => pipes.moveCard({ cardId: String(cardId), destinationPhaseId: config.destinationPhaseId }));
            log("Card " + moved.cardId + " is now in " + (moved.phaseName ?? "phase " + moved.phaseId));
            """,
        Sop: """
            {{ if intent.when }}{{ intent.when }}, moves{{ else }}Moves{{ end }} the card whose id the run's input holds at "{{ config.cardIdField ?? "cardId" }}" to the phase {{ config.destinationPhaseId ?? "configured" }} of the pipe {{ config.pipeId ?? "configured" }}.
            A run without a card id fails before anything is changed.
            If Pipefy refuses the move (required fields of the phase still empty, a phase the card cannot move to), the run fails with Pipefy's reason and the card stays where it is.
            """,
        RequiresAccount: true);

    public static readonly TemplateDefinition CreateCard = new(
        Id: "pipes.create-card",
        Name: "Create a card from a webhook",
        Description: "Create a Pipes card for each webhook call (or run), its title and fields filled from the run's input.",
        IntentFields: [Field.Text("source", "What sends the webhook", help: "For the description, e.g. the online shop.", placeholder: "Online shop")],
        ConfigurationFields:
        [
            Pipe,
            Field.Text("phaseId", "Phase", help: "The phase the card starts in; the pipe's start phase when empty.", placeholder: "318765432", maxLength: 100, optionsFrom: "listPhases"),
            Field.Text("title", "Card title", help: "A template over the run's input, e.g. Order {{ input.orderId }}; Pipefy names the card when empty.", placeholder: "Order {{ input.orderId }}", maxLength: 1000, template: true),
            Field.KeyValue("fields", "Field values", help: "Each field by its id (see the pipe's fields), with its value: a template over the run's input, e.g. customer_email → {{ input.email }}.", template: true),
        ],
        Script: """
            const fields = {};
            for (const [fieldId, value] of Object.entries(config.fields ?? {})) fields[fieldId] = render(value, { input });
            const card = { pipeId: config.pipeId, fields };
            if (config.phaseId) card.phaseId = config.phaseId;
            if (config.title) card.title = render(config.title, { input });
            const created = await step("Create a card in pipe " + config.pipeId, () => pipes.createCard(card));
            log("Created card " + created.cardId + (created.phaseName ? " in " + created.phaseName : ""));
            """,
        Sop: """
            Creates a card in the pipe {{ config.pipeId ?? "configured" }}{{ if config.phaseId }}, in the phase {{ config.phaseId }}{{ else }}, in its start phase{{ end }}, for each call{{ if intent.source }} from {{ intent.source }}{{ end }}.
            {{ if config.title }}Its title is built from the run's input with the configured template.{{ else }}Pipefy names it from its fields.{{ end }}
            {{ if config.fields }}Its fields are filled from the run's input with the configured values.{{ else }}No field is filled.{{ end }}
            If Pipefy refuses the card (a required field missing, a value a field does not accept), the run fails with Pipefy's reason and no card is created.
            """,
        RequiresAccount: true);
}
