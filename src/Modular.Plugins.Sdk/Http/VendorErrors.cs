using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

/// <summary>What a vendor said went wrong: its own error code (<c>CONFLICT</c>, <c>channel_not_found</c>) and message.</summary>
public sealed record VendorError(string? Code, string Message);

/// <summary>
/// Reads a vendor's error answer. The default understands the common shapes: <c>{"error":{"status","message"}}</c>
/// (Google), <c>{"category","message"}</c> (HubSpot), <c>{"code","message"}</c> (Wati), <c>{"error","error_description"}</c>
/// (OAuth), <c>{"ok":false,"error"}</c> (Slack) and GraphQL <c>{"errors":[{"message","extensions":{"code"}}]}</c>.
/// </summary>
public class VendorErrorReader
{
    public static readonly VendorErrorReader Default = new();

    public virtual VendorError? Read(int status, JsonNode? body)
    {
        if (body is not JsonObject answer) return null;
        if (answer["errors"] is JsonArray { Count: > 0 } errors && errors[0] is JsonObject first)
            return new VendorError(Text(first["extensions"], "code"), Text(first, "message") ?? "an error");
        if (answer["error"] is JsonObject nested)
            return new VendorError(Text(nested, "status") ?? Text(nested, "code"), Text(nested, "message") ?? "an error");
        var code = Text(answer, "category") ?? Text(answer, "errorType") ?? Text(answer, "code") ?? Text(answer, "error");
        var message = Text(answer, "message") ?? Text(answer, "error_description") ?? Text(answer, "info") ?? code;
        return message is null ? null : new VendorError(code == message ? null : code, message);
    }

    protected static string? Text(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value
            ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
            : null;
}

/// <summary>A connector call that failed in a way the user should read: the vendor's answer, or why no call could be made.</summary>
public sealed class ConnectorCallException : Exception
{
    public ConnectorCallException(string message, int? status = null) : base(message) => Status = status;

    public ConnectorCallException(string vendor, int status, string? code, string message)
        : base($"{vendor} answered {status}{(code is null ? "" : " " + code)}: {message}")
    {
        Status = status;
        VendorCode = code;
    }

    public int? Status { get; }
    public string? VendorCode { get; }
}
