using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Rest;

/// <summary><c>rest.request</c>: one HTTP call, authenticated with the action's account.</summary>
public sealed class SendRequest : ConnectorOperation
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public override string Id => "rest.request";
    public override string DisplayName => "Send an HTTP request";
    public override string Description => "Sends one HTTP request and returns its status, headers and body (parsed when it is JSON).";

    public override string Documentation => """
        # rest.request
        Sends one HTTP request with the action's connected account applied (API key header, bearer
        token or basic credentials; nothing when the action has no account).

        Input:
        - `method`: GET, POST, PUT, PATCH or DELETE (default GET)
        - `url`: absolute URL, or a path resolved against the account's base URL
        - `headers`: object of header names to values
        - `query`: object of query parameters added to the URL
        - `body`: any JSON value, sent as `application/json` (a string is sent as text)

        Output: `{ status, ok, headers, body }`, where `body` is parsed JSON when the response is JSON
        and text otherwise. A non-2xx status is returned, not thrown: check `ok`.

        Example: `const res = await rest.request({ method: "POST", url: "https://example.com/hook", body: { hello: "world" } });`
        """;

    public override IReadOnlyList<FieldDefinition> Inputs { get; } =
    [
        Field.Select("method", "Method", Methods, defaultValue: "GET"),
        Field.Url("url", "URL", required: true),
        Field.KeyValue("headers", "Headers"),
        Field.KeyValue("query", "Query parameters"),
        Field.Json("body", "Body"),
    ];

    public override async Task<JsonNode?> RunAsync(OperationContext context, JsonObject input, CancellationToken cancellationToken)
    {
        var method = (input["method"]?.GetValue<string>() ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method))
            throw new ArgumentException($"Unsupported method '{method}'. Use one of {string.Join(", ", Methods)}.");

        using var request = new HttpRequestMessage(new HttpMethod(method), ResolveUrl(context.Account, input));
        foreach (var (name, value) in Strings(input["headers"]))
            request.Headers.TryAddWithoutValidation(name, value);
        request.Content = Body(input["body"]);
        Authenticate(context.Account, request);

        using var response = await context.Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var headers = new JsonObject();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);

        return new JsonObject
        {
            ["status"] = (int)response.StatusCode,
            ["ok"] = response.IsSuccessStatusCode,
            ["headers"] = headers,
            ["body"] = ParseBody(response.Content.Headers.ContentType, text),
        };
    }

    private static Uri ResolveUrl(ConnectedAccount? account, JsonObject input)
    {
        var raw = input["url"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(raw))
            throw new ArgumentException("The request needs a url.");
        Uri url;
        if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            url = absolute;
        else if (account?["baseUrl"] is { Length: > 0 } baseUrl && Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var root))
            url = new Uri(root, raw.TrimStart('/'));
        else
            throw new ArgumentException($"'{raw}' is not an absolute http(s) URL, and the account has no base URL.");

        var query = Strings(input["query"]).ToList();
        if (query.Count == 0) return url;
        var extra = string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        var builder = new UriBuilder(url) { Query = string.IsNullOrEmpty(url.Query) ? extra : url.Query.TrimStart('?') + "&" + extra };
        return builder.Uri;
    }

    internal static void Authenticate(ConnectedAccount? account, HttpRequestMessage request)
    {
        if (account is null) return;
        if (account.Kind == AuthKind.ApiKey)
            request.Headers.TryAddWithoutValidation(account["headerName"] ?? "X-Api-Key", account["apiKey"]);
        else
            account.Authenticate(request);
    }

    private static HttpContent? Body(JsonNode? body) => body switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => new StringContent(value.GetValue<string>(), Encoding.UTF8, "text/plain"),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private static JsonNode? ParseBody(MediaTypeHeaderValue? contentType, string text)
    {
        if (text.Length == 0) return null;
        if (contentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException) { return text; }
        }
        return text;
    }

    private static IEnumerable<KeyValuePair<string, string>> Strings(JsonNode? node) =>
        node is JsonObject obj
            ? obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value!.ToJsonString()))
            : [];
}
