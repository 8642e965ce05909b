using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

/// <summary>
/// A call on the third-party API (e.g. <c>rest.request</c>). Action scripts call it as
/// <c>connectorId.operationName(input)</c>; the chat pipeline reads its <see cref="Documentation"/>.
/// Write operations as <see cref="Operation{TInput, TOutput}"/>: the schema, form and validation come from the records.
/// </summary>
public abstract class ConnectorOperation
{
    /// <summary>Stable id, "{connectorId}.{name}".</summary>
    public abstract string Id { get; }
    public abstract string DisplayName { get; }
    public virtual string Description => "";
    /// <summary>Markdown describing inputs, outputs and errors.</summary>
    public virtual string Documentation => Description;
    public abstract IReadOnlyList<FieldDefinition> Inputs { get; }
    public virtual JsonObject InputSchema => FieldDefinition.ToJsonSchema(Inputs);
    public virtual JsonObject OutputSchema => new() { ["type"] = "object" };
    /// <summary>Whether the operation changes the connected system; an unknown effect counts as a change.</summary>
    public virtual OperationEffect Effect => OperationEffect.Write;

    /// <summary>The name scripts call it by: the id without its connector prefix.</summary>
    public string Name => Id[(Id.IndexOf('.') + 1)..];

    public abstract Task<JsonNode?> RunAsync(OperationContext context, JsonObject input, CancellationToken cancellationToken);
}

/// <summary>
/// What the host hands an operation: the connector's HTTP client (the host's pipeline: egress policy,
/// the account's credentials applied and refreshed once on a 401, bounded retries of 429 and 5xx that
/// honour Retry-After, the connector's rate limit, and each call logged with secrets redacted), the
/// connected account and base URLs.
/// </summary>
public sealed class OperationContext(
    HttpClient http, ConnectedAccount? account, IReadOnlyDictionary<string, string> baseUrls, string connectorName = "The API", VendorErrorReader? errors = null)
{
    public HttpClient Http { get; } = http;
    public ConnectedAccount? Account { get; } = account;
    /// <summary>The connector's display name, for messages ("HubSpot answered 404 …").</summary>
    public string ConnectorName { get; } = connectorName;

    public string BaseUrl(string name) =>
        baseUrls.TryGetValue(name, out var url) ? url : throw new InvalidOperationException($"No base URL named '{name}' is declared.");

    /// <summary>The account, or a failure saying the action needs one.</summary>
    public ConnectedAccount RequireAccount() =>
        Account ?? throw new ConnectorCallException($"This operation needs a connected {ConnectorName} account, and the action has none: choose one on its intent page.");

    /// <summary><paramref name="path"/> under the base URL <paramref name="baseUrl"/>, with the query parameters that have a value (escaped).</summary>
    public Uri Url(string baseUrl, string path, params (string Name, string? Value)[] query) => Url(new Uri(BaseUrl(baseUrl).TrimEnd('/') + "/"), path, query);

    public static Uri Url(Uri root, string path, params (string Name, string? Value)[] query)
    {
        var url = new Uri(root, path.TrimStart('/'));
        var given = query.Where(q => q.Value is not null).Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}").ToList();
        if (given.Count == 0) return url;
        return new UriBuilder(url) { Query = (string.IsNullOrEmpty(url.Query) ? "" : url.Query.TrimStart('?') + "&") + string.Join("&", given) }.Uri;
    }

    /// <summary>
    /// Sends a JSON request and reads the JSON answer. A non-2xx answer throws a <see cref="ConnectorCallException"/>
    /// naming the vendor's error code and message; a 2xx answer that is not JSON throws one saying so.
    /// </summary>
    public async Task<JsonNode?> SendJsonAsync(HttpMethod method, Uri url, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await SendAsync(request, cancellationToken);
    }

    public Task<JsonNode?> GetJsonAsync(Uri url, CancellationToken cancellationToken) => SendJsonAsync(HttpMethod.Get, url, null, cancellationToken);

    /// <inheritdoc cref="SendJsonAsync"/>
    public async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        JsonNode? json = null;
        var parsed = text.Length == 0 || TryParse(text, out json);
        if (!response.IsSuccessStatusCode)
        {
            var error = (errors ?? VendorErrorReader.Default).Read(status, json) ?? new VendorError(null, response.ReasonPhrase ?? "no explanation");
            throw new ConnectorCallException(ConnectorName, status, error.Code, error.Message);
        }
        if (!parsed) throw new ConnectorCallException($"{ConnectorName} answered {status} with a body that is not valid JSON.", status);
        return json;
    }

    private static bool TryParse(string text, out JsonNode? json)
    {
        try
        {
            json = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
            return false;
        }
    }
}

/// <summary>The account an action is connected to, with its decrypted secrets. Never log it.</summary>
public sealed class ConnectedAccount(string id, AuthKind kind, IReadOnlyDictionary<string, string> values)
{
    public string Id { get; } = id;
    public AuthKind Kind { get; } = kind;

    public string? this[string key] => values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The values a log line, an error or a document must never show (every non-empty value of the account).</summary>
    public IEnumerable<string> SecretValues => values.Values.Where(v => v.Length >= 4);

    /// <summary>Applies bearer, basic and OAuth 2.0 credentials; API-key connectors place their keys themselves.</summary>
    public void Authenticate(HttpRequestMessage request)
    {
        switch (Kind)
        {
            case AuthKind.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", this["token"]);
                break;
            case AuthKind.OAuth2:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", this["access_token"]);
                break;
            case AuthKind.Basic:
                var pair = Encoding.UTF8.GetBytes($"{this["username"]}:{this["password"]}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
                break;
        }
    }

    public override string ToString() => $"Account {Id} ({Kind})";
}
