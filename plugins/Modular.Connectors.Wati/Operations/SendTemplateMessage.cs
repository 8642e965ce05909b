using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati.Operations;

public sealed record SendTemplateMessageInput(
    [property: Required, RegularExpression(WhatsAppNumber.Pattern, ErrorMessage = WhatsAppNumber.Problem), Display(Name = "WhatsApp number", Description = WhatsAppNumber.Help)] string WhatsappNumber,
    [property: Required, MaxLength(512), Display(Name = "Template", Description = "The name of an approved message template (its element name in Wati)."), OptionsFrom("templateOptions")] string TemplateName,
    [property: Display(Name = "Parameters", Description = "The template's placeholders by name, e.g. name → Ada; a placeholder left out is sent empty.")] Dictionary<string, string>? Parameters = null,
    [property: MaxLength(200), Display(Name = "Broadcast name", Description = "Groups the sends in Wati's broadcast history; the template's name when empty.")] string? BroadcastName = null);

/// <param name="LocalMessageId">Wati's id of the queued message, when it says (delivery is reported later through Wati's webhooks).</param>
public sealed record SentTemplateMessage(string WhatsappNumber, string TemplateName, string BroadcastName, string? LocalMessageId);

/// <summary><c>wati.sendTemplateMessage</c>: v1 sendTemplateMessage, one recipient.</summary>
public sealed class SendTemplateMessage : Operation<SendTemplateMessageInput, SentTemplateMessage>
{
    public override string Id => "wati.sendTemplateMessage";
    public override string DisplayName => "Send a WhatsApp template message";
    public override string Description =>
        "Sends an approved message template to one WhatsApp number, its placeholders filled with the parameters. " +
        "It works outside the 24-hour customer service window; Wati accepting it does not mean it was delivered yet.";
    public override string Example => """await wati.sendTemplateMessage({ whatsappNumber: input.phone, templateName: "order_update", parameters: { name: input.name, order: input.orderId } });""";
    public override string Errors => """
        - `401 UNAUTHORIZED`: the access token is not valid (rotated, expired, or from another tenant); reconnect the account.
        - Wati answering `result: false` (a template that does not exist or is not approved, parameters that do not match it) fails the call with Wati's words.
        - `INVALID_WHATSAPP_NUMBER`: Wati says the number has no WhatsApp account.
        - `429`: Wati's rate or usage limit was reached (retried a few times first).
        """;

    protected override async Task<SentTemplateMessage> RunAsync(OperationContext context, SendTemplateMessageInput input, CancellationToken cancellationToken)
    {
        var number = WatiApi.Number(input.WhatsappNumber);
        var broadcast = string.IsNullOrWhiteSpace(input.BroadcastName) ? input.TemplateName.Trim() : input.BroadcastName.Trim();
        var body = new JsonObject
        {
            ["template_name"] = input.TemplateName.Trim(),
            ["broadcast_name"] = broadcast,
            ["parameters"] = new JsonArray([.. (input.Parameters ?? []).Select(p => (JsonNode?)new JsonObject { ["name"] = p.Key, ["value"] = p.Value })]),
        };
        var answer = WatiErrors.Accepted(await context.SendJsonAsync(HttpMethod.Post,
            WatiApi.Url(context, "api/v1/sendTemplateMessage", ("whatsappNumber", number)), body, cancellationToken));
        var receiver = WatiApi.Items(answer, "receivers").FirstOrDefault();
        return new SentTemplateMessage(number, input.TemplateName.Trim(), broadcast,
            WatiApi.FirstText(receiver, "localMessageId") ?? WatiApi.FirstText(answer, "localMessageId", "id"));
    }
}

/// <summary>How the operations take a WhatsApp number: international, with the country code; spaces, dashes, brackets and a leading + are allowed.</summary>
internal static class WhatsAppNumber
{
    public const string Pattern = @"^\+?[0-9][0-9 ().-]{5,24}$";
    public const string Problem = "must be an international phone number with its country code, e.g. 5511987654321 or +55 11 98765-4321.";
    public const string Help = "The recipient's international number with the country code, e.g. 5511987654321 or +55 11 98765-4321.";
}
