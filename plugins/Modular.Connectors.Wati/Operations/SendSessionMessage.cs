using System.ComponentModel.DataAnnotations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati.Operations;

public sealed record SendSessionMessageInput(
    [property: Required, RegularExpression(WhatsAppNumber.Pattern, ErrorMessage = WhatsAppNumber.Problem), Display(Name = "WhatsApp number", Description = WhatsAppNumber.Help)] string WhatsappNumber,
    [property: Required, MaxLength(4096), LongText, Display(Name = "Message", Description = "The text sent, up to 4,096 characters.")] string MessageText);

public sealed record SentSessionMessage(string WhatsappNumber, string? MessageId);

/// <summary><c>wati.sendSessionMessage</c>: v1 sendSessionMessage, a free-text reply within the customer service window.</summary>
public sealed class SendSessionMessage : Operation<SendSessionMessageInput, SentSessionMessage>
{
    public override string Id => "wati.sendSessionMessage";
    public override string DisplayName => "Send a WhatsApp message";
    public override string Description =>
        "Sends a free-text message to a contact who wrote in the last 24 hours (WhatsApp's customer service window); " +
        "outside it, send a template message instead.";
    public override string Example => """await wati.sendSessionMessage({ whatsappNumber: input.phone, messageText: "Thanks, " + input.name + "! Your order is on its way." });""";
    public override string Errors => """
        - `401 UNAUTHORIZED`: the access token is not valid (rotated, expired, or from another tenant); reconnect the account.
        - Wati answering `result: false`: most often the 24-hour window is closed (the contact has not written lately) or the number is unknown; Wati's words are in the error.
        - `429`: Wati's rate or usage limit was reached (retried a few times first).
        """;

    protected override async Task<SentSessionMessage> RunAsync(OperationContext context, SendSessionMessageInput input, CancellationToken cancellationToken)
    {
        var number = WatiApi.Number(input.WhatsappNumber);
        var url = WatiApi.Url(context, $"api/v1/sendSessionMessage/{Uri.EscapeDataString(number)}", ("messageText", input.MessageText));
        var answer = WatiErrors.Accepted(await context.SendJsonAsync(HttpMethod.Post, url, null, cancellationToken));
        var message = answer?["message"];
        return new SentSessionMessage(number, WatiApi.FirstText(message, "id", "whatsappMessageId", "localMessageId") ?? WatiApi.FirstText(answer, "id", "localMessageId"));
    }
}
