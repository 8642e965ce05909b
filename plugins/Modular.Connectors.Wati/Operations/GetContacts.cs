using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati.Operations;

public sealed record GetContactsInput(
    [property: Range(1, 100), Display(Name = "Page size", Description = "Contacts per page, 1 to 100 (25 when left out).")] int PageSize = 25,
    [property: Range(1, 100_000), Display(Name = "Page", Description = "Which page, from 1.")] int PageNumber = 1,
    [property: MaxLength(200), Display(Name = "Name", Description = "Only contacts whose name contains this.")] string? Name = null);

/// <param name="WhatsappNumber">The contact's WhatsApp id: the international number's digits.</param>
/// <param name="Attributes">The contact's custom attributes by name.</param>
public sealed record WatiContact(string Id, string WhatsappNumber, string? Name, string? Phone, string? Status, string? Created, IReadOnlyDictionary<string, string> Attributes);

/// <param name="HasMore">True when a further page may hold more contacts.</param>
public sealed record WatiContactPage(IReadOnlyList<WatiContact> Contacts, int PageNumber, int PageSize, int? Total, bool HasMore);

/// <summary><c>wati.getContacts</c>: v1 getContacts, one page.</summary>
public sealed class GetContacts : Operation<GetContactsInput, WatiContactPage>
{
    public override string Id => "wati.getContacts";
    public override string DisplayName => "List contacts";
    public override string Description => "Reads one page of the tenant's contacts (their WhatsApp number, name, status and attributes); ask for the next page while hasMore is true.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """
        for (let page = 1, more = true; more; page++) { const res = await wati.getContacts({ pageNumber: page, pageSize: 100 }); more = res.hasMore; log(res.contacts.length + " contacts"); }
        """;
    public override string Errors => """
        - `401 UNAUTHORIZED`: the access token is not valid (rotated, expired, or from another tenant); reconnect the account.
        - `404 NOT_FOUND`: no Wati API at the account's endpoint; check that it ends with the tenant id.
        """;

    protected override async Task<WatiContactPage> RunAsync(OperationContext context, GetContactsInput input, CancellationToken cancellationToken)
    {
        var answer = WatiErrors.Accepted(await context.GetJsonAsync(WatiApi.Url(context, "api/v1/getContacts",
            ("pageSize", input.PageSize.ToString(CultureInfo.InvariantCulture)),
            ("pageNumber", input.PageNumber.ToString(CultureInfo.InvariantCulture)),
            ("name", string.IsNullOrWhiteSpace(input.Name) ? null : input.Name.Trim())), cancellationToken));
        var contacts = WatiApi.Items(answer, "contact_list", "contacts").Select(Read).ToList();
        var total = int.TryParse(WatiApi.FirstText(answer?["link"], "total") ?? WatiApi.FirstText(answer, "total"), CultureInfo.InvariantCulture, out var count) ? count : (int?)null;
        var hasMore = total is { } all ? input.PageNumber * input.PageSize < all : WatiApi.NextPage(answer, input.PageNumber, contacts.Count, input.PageSize) is not null;
        return new WatiContactPage(contacts, input.PageNumber, input.PageSize, total, hasMore);
    }

    private static WatiContact Read(JsonNode? contact)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var attribute in WatiApi.Items(contact, "customParams", "custom_params"))
            if (WatiApi.FirstText(attribute, "name") is { } name) attributes[name] = WatiApi.FirstText(attribute, "value") ?? "";
        return new WatiContact(
            WatiApi.FirstText(contact, "id") ?? "",
            WatiApi.FirstText(contact, "wAid", "wa_id", "whatsappNumber", "phone") ?? "",
            WatiApi.FirstText(contact, "fullName", "name", "firstName"),
            WatiApi.FirstText(contact, "phone"),
            WatiApi.FirstText(contact, "contactStatus", "status"),
            WatiApi.FirstText(contact, "created"),
            attributes);
    }
}
