using System.ComponentModel.DataAnnotations;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Rest;

public enum RestMethod
{
    GET,
    POST,
    PUT,
    PATCH,
    DELETE,
}

public sealed record RestRequest(
    [property: Display(Name = "URL", Description = "Absolute URL, or a path resolved against the account's base URL.")] string Url,
    [property: Display(Name = "Method")] RestMethod Method = RestMethod.GET,
    [property: Display(Name = "Headers")] Dictionary<string, string>? Headers = null,
    [property: Display(Name = "Query parameters")] Dictionary<string, string>? Query = null,
    [property: Display(Name = "Body", Description = "Any JSON value, sent as application/json (a string is sent as text).")] JsonNode? Body = null);

/// <param name="Body">
/// Parsed JSON when the answer is JSON, its text when it is text, and <c>{ base64, mediaType }</c> when it is
/// binary (an image, a PDF...), which <c>documents.create</c> takes as it is.
/// </param>
public sealed record RestResponse(int Status, bool Ok, Dictionary<string, string> Headers, JsonNode? Body);

/// <summary><c>rest.request</c>: one HTTP call, authenticated with the action's account by the host.</summary>
public sealed class SendRequest : Operation<RestRequest, RestResponse>
{
    public static readonly string[] Methods = Enum.GetNames<RestMethod>();

    public override string Id => "rest.request";
    public override string DisplayName => "Send an HTTP request";
    public override string Description =>
        "Sends one HTTP request with the action's account applied (API key header, bearer token or basic credentials; nothing without an account) " +
        "and returns its status, headers and body. A non-2xx status is returned, not thrown: check `ok`.";
    public override string Example => """const res = await rest.request({ method: "POST", url: "https://example.com/hook", body: { hello: "world" } });""";

    protected override async Task<RestResponse> RunAsync(OperationContext context, RestRequest input, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(input.Method.ToString()), ResolveUrl(context.Account, input));
        foreach (var (name, value) in input.Headers ?? [])
            request.Headers.TryAddWithoutValidation(name, value);
        request.Content = Body(input.Body);

        using var response = await context.Http.SendAsync(request, cancellationToken);
        var headers = new Dictionary<string, string>();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            headers[header.Key.ToLowerInvariant()] = string.Join(", ", header.Value);
        var body = await ReadBodyAsync(response.Content, cancellationToken);
        return new RestResponse((int)response.StatusCode, response.IsSuccessStatusCode, headers, body);
    }

    private static Uri ResolveUrl(ConnectedAccount? account, RestRequest input)
    {
        var raw = input.Url;
        if (string.IsNullOrWhiteSpace(raw))
            throw new OperationInputException(["'url': the request needs a url."]);
        Uri url;
        if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            url = absolute;
        else if (account?["baseUrl"] is { Length: > 0 } baseUrl && Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var root))
            url = new Uri(root, raw.TrimStart('/'));
        else
            throw new OperationInputException([$"'url': '{raw}' is not an absolute http(s) URL, and the account has no base URL."]);
        if (input.Query is not { Count: > 0 } query) return url;
        var extra = string.Join("&", query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        return new UriBuilder(url) { Query = string.IsNullOrEmpty(url.Query) ? extra : url.Query.TrimStart('?') + "&" + extra }.Uri;
    }

    private static HttpContent? Body(JsonNode? body) => body switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => new StringContent(value.GetValue<string>(), Encoding.UTF8, "text/plain"),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private static async Task<JsonNode?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var mediaType = content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        if (mediaType is not null && !IsText(mediaType))
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
            return bytes.Length == 0 ? null : new JsonObject { ["base64"] = Convert.ToBase64String(bytes), ["mediaType"] = mediaType };
        }

        var text = await content.ReadAsStringAsync(cancellationToken);
        if (text.Length == 0) return null;
        if (mediaType?.Contains("json", StringComparison.Ordinal) == true)
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException) { return text; }
        }
        return text;
    }

    /// <summary>Answers read as text; an answer with no Content-Type is taken as text too.</summary>
    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.Contains("json", StringComparison.Ordinal) ||
        mediaType.Contains("xml", StringComparison.Ordinal) || mediaType is "application/javascript" or "application/x-www-form-urlencoded";
}
