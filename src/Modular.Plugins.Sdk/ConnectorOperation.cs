using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

/// <summary>
/// A typed call on the third-party API (e.g. <c>rest.request</c>). Action scripts call it as
/// <c>connectorId.operationName(input)</c>; the chat pipeline reads its <see cref="Documentation"/>.
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
    public virtual JsonObject OutputSchema => new() { ["type"] = "object" };

    public abstract Task<JsonNode?> RunAsync(OperationContext context, JsonObject input, CancellationToken cancellationToken);
}

/// <summary>What the host hands an operation: its HTTP client, the connected account and base URLs.</summary>
public sealed class OperationContext(HttpClient http, ConnectedAccount? account, IReadOnlyDictionary<string, string> baseUrls)
{
    /// <summary>The host owns retries, timeouts and logging with secrets redacted.</summary>
    public HttpClient Http { get; } = http;
    public ConnectedAccount? Account { get; } = account;

    public string BaseUrl(string name) =>
        baseUrls.TryGetValue(name, out var url) ? url : throw new InvalidOperationException($"No base URL named '{name}' is declared.");
}

/// <summary>The account an action is connected to, with its decrypted secrets. Never log it.</summary>
public sealed class ConnectedAccount(string id, AuthKind kind, IReadOnlyDictionary<string, string> values)
{
    public string Id { get; } = id;
    public AuthKind Kind { get; } = kind;

    public string? this[string key] => values.TryGetValue(key, out var value) ? value : null;

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
