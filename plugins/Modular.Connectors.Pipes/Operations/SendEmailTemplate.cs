using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record SendEmailTemplateInput(
    [property: Required, Display(Name = "Card ID", Description = "The card the email is sent from (its inbox); its fields fill the template's placeholders.")] string CardId,
    [property: Required, Display(Name = "Email template", Description = "The id of one of the pipe's email templates."), OptionsFrom("listEmailTemplates")] string EmailTemplateId,
    [property: Display(Name = "To", Description = "Recipients instead of the template's.")] IReadOnlyList<string>? To = null,
    [property: MaxLength(1000), Display(Name = "Subject", Description = "A subject instead of the template's.")] string? Subject = null,
    [property: LongText, MaxLength(100_000), Display(Name = "Body", Description = "An HTML body instead of the template's.")] string? Body = null);

/// <param name="EmailId">The inbox email Pipefy created, when it says.</param>
public sealed record SentEmail(string CardId, string? EmailId, string Subject, IReadOnlyList<string> To);

/// <summary>
/// <c>pipes.sendEmailTemplate</c> (send_email_template): Pipefy has no such mutation. The card's uuid and pipe are read, the template
/// is resolved for the card (<c>parsedEmailTemplate</c>), and the result is sent from the card's inbox (<c>createAndSendInboxEmail</c>).
/// </summary>
public sealed class SendEmailTemplate : Operation<SendEmailTemplateInput, SentEmail>
{
    private const string CardQuery = """
        query ($id: ID!) { card(id: $id) { id uuid pipe { id } } }
        """;

    private const string TemplateQuery = """
        query ($emailTemplateId: ID!, $cardUuid: ID) {
          parsedEmailTemplate(emailTemplateId: $emailTemplateId, cardUuid: $cardUuid) { subject body fromEmail toEmail ccEmail bccEmail }
        }
        """;

    private const string SendMutation = """
        mutation ($input: CreateAndSendInboxEmailInput!) {
          createAndSendInboxEmail(input: $input) { emailSent errors inboxEmail { id } }
        }
        """;

    public override string Id => "pipes.sendEmailTemplate";
    public override string DisplayName => "Send an email template";
    public override string Description =>
        "Sends one of the pipe's email templates from a card's inbox, its placeholders filled from the card; " +
        "the recipients, subject or body may be replaced.";
    public override string Example => """await pipes.sendEmailTemplate({ cardId: String(input.cardId), emailTemplateId: config.emailTemplateId });""";
    public override string Errors => """
        - The template has no recipients (no To) and none are given, or no sender: the call fails before sending.
        - Pipefy answering `emailSent: false` fails the call with its errors (an address it refuses, the pipe's email inbox not set up).
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no card or email template has this id.
        - `PERMISSION_DENIED`: the token's user may not send emails from this pipe.
        """;

    protected override async Task<SentEmail> RunAsync(OperationContext context, SendEmailTemplateInput input, CancellationToken cancellationToken)
    {
        var cardId = input.CardId.Trim();
        var card = (await PipesGraphQL.QueryAsync(context, CardQuery, new JsonObject { ["id"] = cardId }, cancellationToken))["card"]
            ?? throw new ConnectorCallException($"Pipes found no card {cardId}.");
        var template = (await PipesGraphQL.QueryAsync(context, TemplateQuery,
                new JsonObject { ["emailTemplateId"] = input.EmailTemplateId.Trim(), ["cardUuid"] = PipesGraphQL.Text(card, "uuid") }, cancellationToken))["parsedEmailTemplate"]
            ?? throw new ConnectorCallException($"Pipes found no email template {input.EmailTemplateId.Trim()}.");

        List<string> to = input.To is { Count: > 0 } given ? [.. given.Select(a => a.Trim()).Where(a => a.Length > 0)] : Addresses(PipesGraphQL.Text(template, "toEmail"));
        var from = PipesGraphQL.Text(template, "fromEmail");
        var subject = input.Subject ?? PipesGraphQL.Text(template, "subject") ?? "";
        if (to.Count == 0) throw new OperationInputException(["'to': the email template has no recipients; give them in 'to'."]);
        if (string.IsNullOrWhiteSpace(from)) throw new ConnectorCallException("The email template has no sender (From): set one on the template in Pipefy.");

        var email = new JsonObject
        {
            ["cardId"] = cardId,
            ["from"] = from,
            ["to"] = new JsonArray([.. to.Select(a => (JsonNode?)a)]),
            ["subject"] = subject,
            ["html"] = input.Body ?? PipesGraphQL.Text(template, "body") ?? "",
        };
        if (Addresses(PipesGraphQL.Text(template, "ccEmail")) is { Count: > 0 } cc) email["cc"] = new JsonArray([.. cc.Select(a => (JsonNode?)a)]);
        if (Addresses(PipesGraphQL.Text(template, "bccEmail")) is { Count: > 0 } bcc) email["bcc"] = new JsonArray([.. bcc.Select(a => (JsonNode?)a)]);
        if (PipesGraphQL.Text(card["pipe"], "id") is { } pipeId) email["repoId"] = pipeId;

        var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, SendMutation, new JsonObject { ["input"] = email }, cancellationToken), "createAndSendInboxEmail");
        if (payload["emailSent"] is JsonValue sent && sent.TryGetValue<bool>(out var ok) && !ok)
            throw new ConnectorCallException($"Pipes did not send the email: {SendErrors(payload["errors"]) ?? "it answered emailSent: false"}.");
        return new SentEmail(cardId, PipesGraphQL.Text(payload["inboxEmail"], "id"), subject, to);
    }

    /// <summary>Pipefy's template addresses are one text, separated by commas.</summary>
    private static List<string> Addresses(string? list) =>
        [.. (list ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string? SendErrors(JsonNode? errors) => errors switch
    {
        JsonArray { Count: > 0 } list => string.Join("; ", list.Select(e => e?.ToString())),
        JsonValue value when value.ToString() is { Length: > 0 } text => text,
        _ => null,
    };
}
