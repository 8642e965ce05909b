using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack;

/// <summary>The Slack connector's library templates.</summary>
public static class SlackTemplates
{
    private static readonly FieldDefinition Channel = Field.Text("channel", "Channel", required: true, optionsFrom: "slack.channelOptions");

    public static readonly TemplateDefinition PostMessage = new(
        Id: "slack.post-message",
        Name: "Post a message to a channel",
        Description: "Posts a message, built from the run's input, to a Slack channel.",
        IntentFields: [Field.Text("audience", "Who reads it", placeholder: "The sales team")],
        ConfigurationFields:
        [
            Channel,
            Field.LongText("message", "Message", required: true, help: "Scriban placeholders over the run's input, e.g. New order {{ input.id }} from {{ input.customer }}.", template: true),
        ],
        Script: """
            const text = render(config.message, { input });
            const message = await step("Post to the channel", () => slack.postMessage({ channel: config.channel, text }));
            log("Posted message " + message.ts + " to " + message.channel);
            """,
        Sop: """
            Posts a message to the Slack channel {{ config.channel ?? "chosen in the configuration" }}{{ if intent.audience }} for {{ intent.audience }}{{ end }}.
            The message is the configured text with the run's input filled in.
            If Slack refuses it (an archived channel, a private one the bot is not in), the run fails and nothing is posted.
            """,
        RequiresAccount: true);

    public static readonly TemplateDefinition NotifyOnWebhook = new(
        Id: "slack.notify-on-webhook",
        Name: "Notify a channel when a webhook arrives",
        Description: "Turn on the action's webhook: each delivery is posted to a Slack channel with its fields.",
        IntentFields: [Field.Text("source", "Which system sends the webhook", placeholder: "Shop")],
        ConfigurationFields:
        [
            Channel,
            Field.Text("title", "Title", required: true, placeholder: "New order", maxLength: 200),
            Field.Text("fields", "Fields to show", help: "Comma-separated names of the delivery's fields; every field when empty.", maxLength: 1000),
        ],
        Script: """
            const payload = input ?? {};
            const names = config.fields ? config.fields.split(",").map(f => f.trim()).filter(f => f) : Object.keys(payload);
            const lines = names.map(n => `• *${n}*: ${typeof payload[n] === "object" ? JSON.stringify(payload[n]) : payload[n]}`);
            const text = `*${config.title}*\n` + (lines.length ? lines.join("\n") : "_(empty delivery)_");
            const message = await step("Notify the channel", () => slack.postMessage({ channel: config.channel, text }));
            log("Notified " + message.channel + " (" + message.ts + ")");
            """,
        Sop: """
            When a webhook delivery arrives{{ if intent.source }} from {{ intent.source }}{{ end }}, posts "{{ config.title ?? "the configured title" }}" to the Slack channel {{ config.channel ?? "chosen in the configuration" }},
            followed by {{ if config.fields }}the fields {{ config.fields }}{{ else }}every field{{ end }} of the delivery, one per line.
            If Slack refuses the message, the run fails so the delivery can be tried again.
            """,
        RequiresAccount: true);
}
