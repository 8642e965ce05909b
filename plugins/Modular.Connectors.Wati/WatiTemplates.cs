using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati;

/// <summary>The Wati connector's library templates.</summary>
public static class WatiTemplates
{
    public static readonly TemplateDefinition SendTemplateMessage = new(
        Id: "wati.send-template-message",
        Name: "Send a WhatsApp template message",
        Description: "Send an approved WhatsApp template message through Wati to the number in the run's input, its placeholders filled from the input.",
        IntentFields: [Field.Text("audience", "Who receives it", help: "For the description, e.g. customers whose order shipped.", placeholder: "Customers whose order shipped")],
        ConfigurationFields:
        [
            Field.Text("template", "Message template", required: true, help: "An approved template of the Wati account.", placeholder: "order_update", maxLength: 512, optionsFrom: "templateOptions"),
            Field.Text("phoneField", "Phone number in the input", required: true,
                help: "Where the run's input holds the recipient's international number: a property name or a dotted path, e.g. phone or customer.phone.",
                placeholder: "phone", maxLength: 200) with { Default = JsonValue.Create("phone") },
            Field.KeyValue("parameters", "Template parameters",
                help: "Each placeholder of the template by name, with its value: a template over the run's input, e.g. name → {{ input.name }}.", template: true),
            Field.Text("broadcastName", "Broadcast name", help: "Groups the sends in Wati's broadcast history; the template's name when empty.", maxLength: 200),
        ],
        Script: """
            // The recipient's number, at a dotted path of the run's input.
            const number = config.phoneField.split(".").reduce((value, key) => value === null || value === undefined ? undefined : value[key], input);
            if (number === null || number === undefined || String(number).trim() === "")
              throw new Error("The run's input has no phone number at '" + config.phoneField + "'.");
            const parameters = {};
            for (const [name, value] of Object.entries(config.parameters ?? {})) parameters[name] = render(value, { input });
            const message = { whatsappNumber: String(number), templateName: config.template, parameters };
            if (config.broadcastName) message.broadcastName = config.broadcastName;
            const sent = await step("Send " + config.template + " to " + message.whatsappNumber, () => wati.sendTemplateMessage(message));
            log("Wati accepted the message to " + sent.whatsappNumber + (sent.localMessageId ? " (" + sent.localMessageId + ")" : ""));
            """,
        Sop: """
            Sends the approved WhatsApp template "{{ config.template ?? "the configured template" }}" through Wati{{ if intent.audience }} to {{ intent.audience }}{{ end }}.
            The recipient's number is read from the run's input at "{{ config.phoneField ?? "phone" }}"; a run without one fails before anything is sent.
            {{ if config.parameters }}The template's placeholders are filled from the run's input with the configured parameters.{{ else }}The template is sent without parameters.{{ end }}
            If Wati refuses the message (an unknown or unapproved template, a number without WhatsApp), the run fails with Wati's reason.
            """,
        RequiresAccount: true);
}
