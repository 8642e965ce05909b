using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati;

/// <summary>
/// Wati's answers: errors come as <c>{"result":false,"info":"…"}</c> (v1), <c>{"code","message"}</c> (v3) or no body at all
/// (401), and a 200 may still refuse the message (<c>result:false</c>, <c>validWhatsAppNumber:false</c>, a receiver's errors).
/// </summary>
public sealed class WatiErrors : VendorErrorReader
{
    public static readonly WatiErrors Instance = new();

    public override VendorError? Read(int status, JsonNode? body)
    {
        if (Refusal(body) is { } refusal) return refusal;
        var error = base.Read(status, body);
        if (error is not null) return error;
        return status switch
        {
            401 => new VendorError("UNAUTHORIZED", "the access token is not valid (expired, rotated, or from another tenant)."),
            403 => new VendorError("FORBIDDEN", "the access token may not do this (its scopes or the plan)."),
            404 => new VendorError("NOT_FOUND", "no such Wati API route at this endpoint: check the account's API endpoint."),
            _ => null,
        };
    }

    /// <summary>What a 2xx answer refused, in Wati's words, or null when it accepted.</summary>
    public static VendorError? Refusal(JsonNode? body)
    {
        if (body is not JsonObject answer) return null;
        var words = Text(answer, "info") ?? Text(answer, "message") ?? Text(answer, "error") ?? ErrorsText(answer["errors"]);
        if (IsFalse(answer["result"]) || IsFalse(answer["ok"]) || IsFalse(answer["success"]))
            return new VendorError(Text(answer, "code"), words ?? "Wati did not accept the request.");
        if (IsFalse(answer["validWhatsAppNumber"]) || IsFalse(answer["isValidWhatsAppNumber"]))
            return new VendorError("INVALID_WHATSAPP_NUMBER", words ?? "the number is not a valid WhatsApp number.");
        foreach (var receiver in (answer["receivers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (IsFalse(receiver["isValidWhatsAppNumber"]))
                return new VendorError("INVALID_WHATSAPP_NUMBER", ErrorsText(receiver["errors"]) ?? $"{Text(receiver, "waId") ?? "the number"} is not a valid WhatsApp number.");
            if (ErrorsText(receiver["errors"]) is { } failed) return new VendorError(null, failed);
        }
        return null;
    }

    /// <summary>Throws the refusal of a 2xx answer as a failed call.</summary>
    public static JsonNode? Accepted(JsonNode? body, int status = 200) =>
        Refusal(body) is { } refusal ? throw new ConnectorCallException("Wati", status, refusal.Code, refusal.Message) : body;

    private static bool IsFalse(JsonNode? node) => node is JsonValue value && value.GetValueKind() switch
    {
        JsonValueKind.False => true,
        JsonValueKind.String => value.GetValue<string>() is "false" or "error" or "failed",
        _ => false,
    };

    private static string? ErrorsText(JsonNode? errors) => errors switch
    {
        JsonArray { Count: > 0 } list => string.Join("; ", list.Select(e => e is JsonObject o ? Text(o, "message") ?? Text(o, "error") ?? o.ToJsonString() : e?.ToString())),
        JsonObject { Count: > 0 } map => string.Join("; ", map.Select(p => $"{p.Key}: {p.Value}")),
        JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0 => value.GetValue<string>(),
        _ => null,
    };
}
