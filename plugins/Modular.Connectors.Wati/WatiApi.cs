using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati;

/// <summary>
/// Wati's API lives at each tenant's own endpoint (https://live-mt-server.wati.io/123456), which the account holds:
/// every call's URL is built on it, not on a manifest base URL.
/// </summary>
internal static class WatiApi
{
    public const string EndpointField = "endpoint";

    public static Uri Url(OperationContext context, string path, params (string Name, string? Value)[] query) =>
        OperationContext.Url(Endpoint(context.RequireAccount()), path, query);

    public static Uri Endpoint(ConnectedAccount account)
    {
        var endpoint = account[EndpointField]?.Trim().TrimEnd('/');
        // Wati's API Docs page shows the endpoint; some users copy it with the route prefix.
        if (endpoint?.EndsWith("/api/v1", StringComparison.OrdinalIgnoreCase) == true) endpoint = endpoint[..^"/api/v1".Length];
        return endpoint is { Length: > 0 } && Uri.TryCreate(endpoint + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new ConnectorCallException("The Wati account has no API endpoint: enter it on the account (Wati: API Docs, e.g. https://live-mt-server.wati.io/123456).");
    }

    /// <summary>A WhatsApp number as Wati's v1 routes take it: the digits of the international number, without + or spaces.</summary>
    public static string Number(string number) => new([.. number.Where(char.IsAsciiDigit)]);

    public static string? Text(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : null;

    public static string? FirstText(JsonNode? node, params string[] names) => names.Select(n => Text(node, n)).FirstOrDefault(t => !string.IsNullOrEmpty(t));

    /// <summary>
    /// The page after <paramref name="page"/>, or null on the last: from Wati's <c>link.nextPage</c> where it says, else a full
    /// page is taken to have a next one.
    /// </summary>
    public static int? NextPage(JsonNode? answer, int page, int count, int pageSize)
    {
        if (answer?["link"] is JsonObject link && link.ContainsKey("nextPage"))
            return link["nextPage"] is JsonValue next && int.TryParse(next.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var number) && number > page ? number : null;
        return count >= pageSize ? page + 1 : null;
    }

    public static JsonArray Items(JsonNode? answer, params string[] names) =>
        names.Select(n => answer?[n]).OfType<JsonArray>().FirstOrDefault() ?? [];
}
