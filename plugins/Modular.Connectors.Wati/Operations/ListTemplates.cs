using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati.Operations;

public sealed record ListTemplatesInput(
    [property: Range(1, 2000), Display(Name = "At most", Description = "How many templates to read at most (1 to 2,000; 500 when left out).")] int MaxItems = 500);

/// <param name="Name">The element name a template message is sent by.</param>
/// <param name="Status">APPROVED, PENDING, REJECTED…: only approved templates can be sent.</param>
/// <param name="Parameters">The names of its placeholders.</param>
public sealed record WatiTemplate(string Id, string Name, string? Category, string? Status, string? Language, string? Body, IReadOnlyList<string> Parameters);

public sealed record WatiTemplateList(IReadOnlyList<WatiTemplate> Templates, bool Truncated);

/// <summary><c>wati.listTemplates</c>: v1 getMessageTemplates, every page.</summary>
public sealed class ListTemplates : Operation<ListTemplatesInput, WatiTemplateList>
{
    private const int PageSize = 100;

    public override string Id => "wati.listTemplates";
    public override string DisplayName => "List message templates";
    public override string Description => "Lists the tenant's WhatsApp message templates with their status, language, body and placeholder names.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { templates } = await wati.listTemplates({}); log(templates.filter(t => t.status === "APPROVED").map(t => t.name).join(", "));""";
    public override string Errors => """
        - `401 UNAUTHORIZED`: the access token is not valid (rotated, expired, or from another tenant); reconnect the account.
        - `404 NOT_FOUND`: no Wati API at the account's endpoint; check that it ends with the tenant id.
        """;

    protected override async Task<WatiTemplateList> RunAsync(OperationContext context, ListTemplatesInput input, CancellationToken cancellationToken)
    {
        var (templates, truncated) = await AllAsync(context, input.MaxItems, cancellationToken);
        return new WatiTemplateList(templates, truncated);
    }

    internal static Task<(List<WatiTemplate> Items, bool Truncated)> AllAsync(OperationContext context, int maxItems, CancellationToken cancellationToken) =>
        Paging.CollectAsync<WatiTemplate>(async (cursor, token) =>
        {
            var page = int.Parse(cursor ?? "1", CultureInfo.InvariantCulture);
            var answer = WatiErrors.Accepted(await context.GetJsonAsync(WatiApi.Url(context, "api/v1/getMessageTemplates",
                ("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)), ("pageNumber", page.ToString(CultureInfo.InvariantCulture))), token));
            var items = WatiApi.Items(answer, "messageTemplates", "templates").Select(Read).ToList();
            return new Page<WatiTemplate>(items, WatiApi.NextPage(answer, page, items.Count, PageSize)?.ToString(CultureInfo.InvariantCulture));
        }, maxItems, cancellationToken);

    private static WatiTemplate Read(JsonNode? template)
    {
        var language = template?["language"] is JsonObject lang ? WatiApi.FirstText(lang, "key", "value", "text") : WatiApi.FirstText(template, "language", "language_option");
        var parameters = WatiApi.Items(template, "customParams", "custom_params")
            .Select(p => WatiApi.FirstText(p, "paramName", "name")).OfType<string>().ToList();
        return new WatiTemplate(
            WatiApi.FirstText(template, "id") ?? "",
            WatiApi.FirstText(template, "elementName", "name") ?? "",
            WatiApi.FirstText(template, "category"),
            WatiApi.FirstText(template, "status"),
            language,
            WatiApi.FirstText(template, "body", "bodyOriginal"),
            parameters);
    }
}
