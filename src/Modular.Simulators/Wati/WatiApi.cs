using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Modular.Simulators.Wati;

/// <summary>
/// Wati's WhatsApp API as live-mt-server.wati.io under <c>/wati</c>. An account's "API endpoint" is
/// <c>/wati/{tenantId}</c> (Wati's <c>https://live-mt-server.wati.io/{tenantId}</c>): the v1 routes hang off it.
/// The v3 routes (<c>/api/ext/v3/…</c>) need no tenant in the path, the token says which; they also answer under
/// the tenant's endpoint.
/// </summary>
/// <remarks>
/// A missing token, an unknown one or another tenant's gets 401 with an empty body, as Wati documents. The v1
/// answers' shapes beyond the template send are not documented by Wati; they follow third-party clients (README).
/// </remarks>
internal static partial class WatiApi
{
    private const int MaxSessionText = 4096;

    public static void Map(IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/wati/{tenantId}/api/v1");
        v1.MapGet("/getMessageTemplates", GetMessageTemplates);
        v1.MapPost("/sendTemplateMessage", SendTemplateMessage);
        v1.MapPost("/sendSessionMessage/{whatsappNumber}", SendSessionMessage);
        v1.MapGet("/getContacts", GetContacts);
        v1.MapGet("/getMessages/{whatsappNumber}", GetMessages);

        foreach (var prefix in new[] { "/wati/api/ext/v3", "/wati/{tenantId}/api/ext/v3" })
        {
            var v3 = app.MapGroup(prefix);
            v3.MapGet("/messageTemplates", V3Templates);
            v3.MapPost("/messageTemplates/send", V3SendTemplates);
            v3.MapGet("/contacts", V3Contacts);
            v3.MapPost("/conversations/messages/text", V3SendText);
            v3.MapGet("/conversations/{target}/messages", V3Messages);
        }

        // Test-only: the contact writes to the business, which opens its 24-hour session window.
        app.MapPost("/_simulator/wati/{tenantId}/inbound", Inbound);
    }

    /// <summary>The caller's tenant: the token's, which must be the one in the path when the path names one.</summary>
    private static WatiTenant? Caller(HttpRequest request, WatiTenants tenants, string? tenantId)
    {
        var tenant = tenants.ForToken(Token(request));
        return tenant is not null && (tenantId is null || tenant.Id == tenantId) ? tenant : null;
    }

    /// <summary>Wati's dashboard hands the token out as "Bearer …"; some clients send it without the scheme.</summary>
    private static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header)) return null;
        return AuthenticationHeaderValue.TryParse(header, out var parsed) && parsed.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? parsed.Parameter
            : header.Contains(' ', StringComparison.Ordinal) ? null : header;
    }

    private static IResult Unauthorized() => WatiFaults.Error(StatusCodes.Status401Unauthorized);

    private static IResult Json(object value) => Results.Json(value, WatiFaults.Json);

    // ---- v1 ----

    private static IResult GetMessageTemplates(string tenantId, HttpRequest request, WatiTenants tenants, int? pageSize, int? pageNumber)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        lock (tenant.Gate)
        {
            var (page, link) = Page(tenant.Templates, pageSize, pageNumber);
            return Json(new { result = "success", messageTemplates = page.Select(TemplateV1), link });
        }
    }

    private static async Task<IResult> SendTemplateMessage(string tenantId, HttpRequest request, WatiTenants tenants, string? whatsappNumber)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (await BodyAsync(request) is not { } body) return WatiFaults.Error(StatusCodes.Status400BadRequest, "The body must be a JSON object: {template_name, broadcast_name, parameters}.");
        var templateName = Text(body, "template_name");
        var broadcastName = Text(body, "broadcast_name");
        var parameters = Params(body, "parameters");
        if (string.IsNullOrEmpty(templateName)) return WatiFaults.Error(StatusCodes.Status400BadRequest, "template_name is required.");
        var echo = parameters.Select(p => new { name = p.Key, value = p.Value }).ToArray();
        var number = Number(whatsappNumber);
        lock (tenant.Gate)
        {
            var refusal = Refusal(tenant, templateName, parameters, out var template);
            if (refusal is not null) return Json(new { result = false, info = refusal, error = refusal, templateName, receivers = Array.Empty<object>(), parameters = echo });
            if (number is null)
                return Json(new
                {
                    result = true,
                    error = (string?)null,
                    templateName,
                    receivers = new[] { new { localMessageId = (string?)null, waId = whatsappNumber ?? "", isValidWhatsAppNumber = false, errors = new[] { "Invalid WhatsApp number" } } },
                    parameters = echo,
                });
            var sent = SendTemplate(tenant, template!, number, parameters, broadcastName, localMessageId: null, tenants.Now);
            return Json(new
            {
                result = true,
                error = (string?)null,
                templateName,
                receivers = new[] { new { localMessageId = sent.LocalMessageId, waId = number, isValidWhatsAppNumber = true, errors = Array.Empty<string>() } },
                parameters = echo,
            });
        }
    }

    private static async Task<IResult> SendSessionMessage(string tenantId, string whatsappNumber, HttpRequest request, WatiTenants tenants)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        // The docs put messageText in the query; some clients send it in a form or a JSON body.
        var text = request.Query["messageText"].ToString();
        if (string.IsNullOrEmpty(text) && request.HasFormContentType) text = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["messageText"].ToString();
        if (string.IsNullOrEmpty(text) && await BodyAsync(request) is { } body) text = Text(body, "messageText") ?? "";
        if (string.IsNullOrEmpty(text)) return Json(new { result = false, info = "messageText is required" });
        if (text.Length > MaxSessionText) return Json(new { result = false, info = $"messageText is longer than {MaxSessionText} characters" });
        lock (tenant.Gate)
        {
            var contact = Number(whatsappNumber) is { } number ? tenant.Contact(number) : null;
            if (contact is null || !tenant.SessionOpen(contact, tenants.Now)) return Json(new { result = false, info = SessionClosed });
            var message = Record(tenant, contact, text, tenants.Now);
            return Json(new { result = "success", message = MessageV1(message, contact) });
        }
    }

    private static IResult GetContacts(string tenantId, HttpRequest request, WatiTenants tenants, int? pageSize, int? pageNumber, string? name, string? attribute)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (!TryAttributeFilter(attribute, out var filter)) return WatiFaults.Error(StatusCodes.Status400BadRequest, "attribute must be a JSON array of {name, operator, value}.");
        lock (tenant.Gate)
        {
            var matching = tenant.Contacts
                .Where(c => string.IsNullOrEmpty(name) || c.FullName.Contains(name, StringComparison.OrdinalIgnoreCase))
                .Where(filter)
                .ToList();
            var (page, link) = Page(matching, pageSize, pageNumber);
            return Json(new { result = "success", contact_list = page.Select(ContactV1), link });
        }
    }

    private static IResult GetMessages(string tenantId, string whatsappNumber, HttpRequest request, WatiTenants tenants, int? pageSize, int? pageNumber)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        lock (tenant.Gate)
        {
            var number = Number(whatsappNumber);
            var contact = number is null ? null : tenant.Contact(number);
            var conversation = tenant.Messages.Where(m => m.WaId == number).Reverse().ToList(); // newest first
            var (page, link) = Page(conversation, pageSize, pageNumber);
            return Json(new { result = "success", messages = new { items = page.Select(m => MessageV1(m, contact)), total = conversation.Count }, link });
        }
    }

    // ---- v3 (wati-api.json) ----

    private static IResult V3Templates(HttpRequest request, WatiTenants tenants, string? tenantId, int? page_number, int? page_size)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (V3Paging(page_number, page_size) is { } bad) return bad;
        lock (tenant.Gate)
        {
            var (number, size) = (page_number ?? 1, page_size ?? 10);
            return Json(new
            {
                templates = tenant.Templates.Skip((number - 1) * size).Take(size).Select(TemplateV3),
                page_number = number,
                page_size = size,
                total = tenant.Templates.Count,
            });
        }
    }

    private static async Task<IResult> V3SendTemplates(HttpRequest request, WatiTenants tenants, string? tenantId)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (await BodyAsync(request) is not { } body) return WatiFaults.Error(StatusCodes.Status400BadRequest, "The body must be a JSON object.");
        var templateName = Text(body, "template_name");
        var broadcastName = Text(body, "broadcast_name");
        if (string.IsNullOrEmpty(templateName) || string.IsNullOrEmpty(broadcastName))
            return WatiFaults.Error(StatusCodes.Status400BadRequest, "template_name and broadcast_name are required.");
        if (!body.TryGetProperty("recipients", out var recipients) || recipients.ValueKind != JsonValueKind.Array || recipients.GetArrayLength() is < 1 or > 10_000)
            return WatiFaults.Error(StatusCodes.Status400BadRequest, "recipients must hold 1 to 10,000 recipients.");
        lock (tenant.Gate)
        {
            if (tenant.Templates.FirstOrDefault(t => t.ElementName == templateName) is null)
                return WatiFaults.Error(StatusCodes.Status400BadRequest, $"Template '{templateName}' was not found.");
            var broadcastId = WatiTenant.ObjectId();
            var results = new List<object>();
            foreach (var recipient in recipients.EnumerateArray())
            {
                var phone = recipient.ValueKind == JsonValueKind.Object ? Text(recipient, "phone_number") : null;
                var localId = recipient.ValueKind == JsonValueKind.Object ? Text(recipient, "local_message_id") : null;
                var values = recipient.ValueKind == JsonValueKind.Object ? Params(recipient, "custom_params") : [];
                var errors = new List<string>();
                var refusal = Refusal(tenant, templateName, values, out var template);
                if (refusal is not null) errors.Add(refusal);
                else if (Number(phone) is not { } number) errors.Add("Invalid phone number format.");
                else localId = SendTemplate(tenant, template!, number, values, broadcastName, localId, tenants.Now).LocalMessageId;
                results.Add(new { local_message_id = localId, phone_number = phone, errors });
            }
            return Json(new { success = true, broadcast_id = broadcastId, error = (string?)null, recipients = results });
        }
    }

    private static IResult V3Contacts(HttpRequest request, WatiTenants tenants, string? tenantId, int? page_number, int? page_size)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (V3Paging(page_number, page_size) is { } bad) return bad;
        lock (tenant.Gate)
        {
            var (number, size) = (page_number ?? 1, page_size ?? 10);
            return Json(new { contact_list = tenant.Contacts.Skip((number - 1) * size).Take(size).Select(ContactV3), page_number = number, page_size = size });
        }
    }

    private static async Task<IResult> V3SendText(HttpRequest request, WatiTenants tenants, string? tenantId)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (await BodyAsync(request) is not { } body) return WatiFaults.Error(StatusCodes.Status400BadRequest, "The body must be a JSON object: {target, text}.");
        var target = Text(body, "target");
        var text = Text(body, "text");
        if (string.IsNullOrEmpty(target) || string.IsNullOrEmpty(text)) return WatiFaults.Error(StatusCodes.Status400BadRequest, "target and text are required.");
        lock (tenant.Gate)
        {
            var contact = Target(tenant, target);
            if (contact is null || !tenant.SessionOpen(contact, tenants.Now)) return WatiFaults.Error(StatusCodes.Status400BadRequest, SessionClosed);
            return Json(new { message = MessageV3(Record(tenant, contact, text, tenants.Now), contact) });
        }
    }

    private static IResult V3Messages(string target, HttpRequest request, WatiTenants tenants, string? tenantId, int? page_number, int? page_size)
    {
        if (Caller(request, tenants, tenantId) is not { } tenant) return Unauthorized();
        if (V3Paging(page_number, page_size) is { } bad) return bad;
        lock (tenant.Gate)
        {
            var contact = Target(tenant, target);
            var (number, size) = (page_number ?? 1, page_size ?? 10);
            var messages = tenant.Messages.Where(m => m.WaId == contact?.WaId).Reverse().Skip((number - 1) * size).Take(size);
            return Json(new { message_list = messages.Select(m => MessageV3(m, contact!)), page_number = number, page_size = size });
        }
    }

    // ---- test-only ----

    private static async Task<IResult> Inbound(string tenantId, HttpRequest request, WatiTenants tenants)
    {
        var body = await BodyAsync(request);
        var number = Number(body is { } b ? Text(b, "whatsappNumber") : null);
        if (number is null) return Results.Json(new { error = "Send {whatsappNumber, text}: a number of 8 to 15 digits." }, statusCode: StatusCodes.Status400BadRequest);
        var tenant = tenants.For(tenantId);
        lock (tenant.Gate)
        {
            var now = tenants.Now;
            var contact = tenant.ContactOrNew(number, now);
            contact.LastInboundAt = now;
            tenant.Messages.Add(new WatiMessage(WatiTenant.ObjectId(), number, Text(body!.Value, "text") ?? "", "text", Owner: false, now, WatiTenant.ObjectId()));
            return Results.Json(new { tenantId, waId = number, sessionOpenUntil = now + WatiTenant.SessionWindow });
        }
    }

    // ---- shared ----

    private const string SessionClosed =
        "Session message not sent: the contact has not written in the last 24 hours, so the 24 hour session window is closed. Send a template message instead.";

    /// <summary>Why a template cannot be sent with these values, or null when it can.</summary>
    private static string? Refusal(WatiTenant tenant, string templateName, IReadOnlyDictionary<string, string> values, out WatiTemplate? template)
    {
        template = tenant.Templates.FirstOrDefault(t => t.ElementName == templateName);
        if (template is null) return "Template not found";
        if (template.Status != "APPROVED") return $"Template '{templateName}' is not approved (status {template.Status})";
        var missing = template.Params.Where(p => string.IsNullOrEmpty(values.GetValueOrDefault(p))).ToArray();
        return missing.Length == 0 ? null : $"Template '{templateName}' needs parameter(s) {string.Join(", ", missing)}, which the request is missing";
    }

    private static WatiMessage SendTemplate(WatiTenant tenant, WatiTemplate template, string number, IReadOnlyDictionary<string, string> values, string? broadcastName, string? localMessageId, DateTimeOffset now)
    {
        var contact = tenant.ContactOrNew(number, now);
        contact.LastUpdated = now;
        var message = new WatiMessage(WatiTenant.ObjectId(), number, template.Render(values), "template", Owner: true, now, localMessageId ?? Guid.NewGuid().ToString())
        {
            TemplateName = template.ElementName,
            BroadcastName = broadcastName,
        };
        tenant.Messages.Add(message);
        return message;
    }

    private static WatiMessage Record(WatiTenant tenant, WatiContact contact, string text, DateTimeOffset now)
    {
        var message = new WatiMessage(WatiTenant.ObjectId(), contact.WaId, text, "text", Owner: true, now, WatiTenant.ObjectId());
        tenant.Messages.Add(message);
        contact.LastUpdated = now;
        return message;
    }

    /// <summary>A v3 target: a conversation id, a phone number, or "channel:phone".</summary>
    private static WatiContact? Target(WatiTenant tenant, string target) =>
        tenant.Contacts.FirstOrDefault(c => c.ConversationId == target)
        ?? (Number(target.Split(':')[^1]) is { } number ? tenant.Contact(number) : null);

    /// <summary>A WhatsApp number as Wati takes it: country code and number, 8 to 15 digits (a leading + is dropped).</summary>
    private static string? Number(string? value)
    {
        var digits = value?.Trim().TrimStart('+');
        return digits is not null && WhatsAppNumber().IsMatch(digits) ? digits : null;
    }

    [GeneratedRegex("^[0-9]{8,15}$")]
    private static partial Regex WhatsAppNumber();

    /// <summary>v1 paging: pageNumber from 1, pageSize 20 by default (guessed); link names the neighbouring pages.</summary>
    private static (IReadOnlyList<T> Page, object Link) Page<T>(IReadOnlyList<T> items, int? pageSize, int? pageNumber)
    {
        var size = pageSize is > 0 ? pageSize.Value : 20;
        var number = pageNumber is > 0 ? pageNumber.Value : 1;
        var page = items.Skip((number - 1) * size).Take(size).ToList();
        return (page, new { prevPage = number > 1 ? number - 1 : (int?)null, nextPage = number * size < items.Count ? number + 1 : (int?)null });
    }

    private static IResult? V3Paging(int? pageNumber, int? pageSize) =>
        pageNumber is < 1 || pageSize is < 1 or > 100
            ? WatiFaults.Error(StatusCodes.Status400BadRequest, "page_number must be 1 or more and page_size 1 to 100.")
            : null;

    private static bool TryAttributeFilter(string? attribute, out Func<WatiContact, bool> filter)
    {
        filter = _ => true;
        if (string.IsNullOrWhiteSpace(attribute)) return true;
        var conditions = new List<(string Name, string Operator, string? Value)>();
        try
        {
            using var document = JsonDocument.Parse(attribute);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return false;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || Text(item, "name") is not { } name) return false;
                conditions.Add((name, Text(item, "operator") ?? "=", Text(item, "value")));
            }
        }
        catch (JsonException)
        {
            return false;
        }
        filter = contact => conditions.All(c =>
        {
            var value = contact.CustomParams.FirstOrDefault(p => string.Equals(p.Key, c.Name, StringComparison.OrdinalIgnoreCase)).Value;
            return c.Operator.ToLowerInvariant() switch
            {
                "contain" or "contains" => value is not null && c.Value is not null && value.Contains(c.Value, StringComparison.OrdinalIgnoreCase),
                "notcontain" => value is null || c.Value is null || !value.Contains(c.Value, StringComparison.OrdinalIgnoreCase),
                "exist" or "exists" => value is not null,
                "notexist" => value is null,
                "!=" or "notequal" => !string.Equals(value, c.Value, StringComparison.OrdinalIgnoreCase),
                _ => string.Equals(value, c.Value, StringComparison.OrdinalIgnoreCase),
            };
        });
        return true;
    }

    private static async Task<JsonElement?> BodyAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType() && request.ContentLength is null or 0) return null;
        try
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return body.ValueKind == JsonValueKind.Object ? body.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        } : null;

    /// <summary>A list of {name, value} as a map; the last value of a name wins.</summary>
    private static Dictionary<string, string> Params(JsonElement body, string name)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var item in list.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Object && Text(item, "name") is { } key)
                    values[key] = Text(item, "value") ?? "";
        return values;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static object Language => new { key = "English", value = "en", text = "English" };

    private static object TemplateV1(WatiTemplate t) => new
    {
        id = t.Id,
        elementName = t.ElementName,
        category = t.Category,
        status = t.Status,
        language = Language,
        lastModified = Iso(t.LastModified),
        type = "template",
        hsm = t.Body,
        hsmOriginal = t.BodyOriginal,
        body = t.Body,
        bodyOriginal = t.BodyOriginal,
        header = (object?)null,
        footer = (string?)null,
        buttons = Array.Empty<object>(),
        buttonsType = "none",
        customParams = t.Params.Select(p => new { paramName = p, paramValue = "" }),
    };

    private static object TemplateV3(WatiTemplate t) => new
    {
        id = t.Id,
        name = t.ElementName,
        category = t.Category,
        sub_category = "STANDARD",
        hsm = t.Body,
        hsm_original = t.BodyOriginal,
        custom_params = t.Params.Select(p => new { name = p, value = "" }),
        status = t.Status,
        language_option = Language,
        last_modified = Iso(t.LastModified),
        type = "TEXT",
        body = t.Body,
        body_original = t.BodyOriginal,
        buttons = Array.Empty<object>(),
        carousel_cards = Array.Empty<object>(),
        quality = "GREEN",
        creation_method = "HUMAN",
    };

    private static object ContactV1(WatiContact c) => new
    {
        id = c.Id,
        wAid = c.WaId,
        firstName = c.FirstName,
        fullName = c.FullName,
        phone = c.WaId,
        source = c.Source,
        contactStatus = "VALID",
        photo = (string?)null,
        created = Iso(c.Created),
        lastUpdated = Iso(c.LastUpdated),
        optedIn = true,
        allowBroadcast = true,
        customParams = c.CustomParams.Select(p => new { name = p.Key, value = p.Value }),
    };

    private static object ContactV3(WatiContact c) => new
    {
        id = c.Id,
        wa_id = c.WaId,
        name = c.FullName,
        phone = "+" + c.WaId,
        created = Iso(c.Created),
        last_updated = Iso(c.LastUpdated),
        contact_status = "VALID",
        source = c.Source,
        opted_in = true,
        allow_broadcast = true,
        allow_sms = false,
        teams = Array.Empty<string>(),
        segments = Array.Empty<string>(),
        custom_params = c.CustomParams.Select(p => new { name = p.Key, value = p.Value }),
        channel_type = "whatsapp",
        display_name = c.FullName,
    };

    private static object MessageV1(WatiMessage m, WatiContact? contact) => new
    {
        id = m.Id,
        created = Iso(m.Created),
        conversationId = contact?.ConversationId,
        ticketId = contact?.ConversationId,
        text = m.Text,
        type = m.Type,
        data = (string?)null,
        timestamp = m.Created.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        owner = m.Owner,
        eventType = m.EventType,
        statusString = m.Owner ? "SENT" : "READ",
        localMessageId = m.LocalMessageId,
        templateName = m.TemplateName,
        broadcastName = m.BroadcastName,
    };

    private static object MessageV3(WatiMessage m, WatiContact contact) => new
    {
        text = m.Text,
        type = m.Type,
        timestamp = Iso(m.Created),
        owner = m.Owner,
        status = m.Owner ? "sent" : "read",
        local_message_id = m.LocalMessageId,
        id = m.Id,
        created = Iso(m.Created),
        conversation_id = contact.ConversationId,
        ticket_id = contact.ConversationId,
        event_type = m.EventType == "message" ? "message" : "broadcast",
    };
}
