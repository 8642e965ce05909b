namespace Modular.Plugins.Sdk;

public enum AuthKind
{
    None,
    ApiKey,
    Bearer,
    Basic,
    OAuth2,
}

/// <summary>
/// One way to authenticate an account of a connector. The plugin only describes it: the Accounts
/// module runs every flow and stores the secrets, encrypted, and hands them to operations.
/// </summary>
public sealed record ConnectorAuth(AuthKind Kind, string DisplayName, IReadOnlyList<FieldDefinition> Fields, OAuth2Provider? OAuth2 = null)
{
    /// <summary>The call that tells whether an account's credentials work, made before the account is saved; none when the connector cannot tell.</summary>
    public ConnectionTest? Test { get; init; }

    public ConnectorAuth WithTest(ConnectionTest test) => this with { Test = test };

    /// <summary>An API key account's header: a fixed name, or the name the user entered in the field <see cref="ApiKeyHeaderField"/>.</summary>
    public string? ApiKeyHeader { get; init; }
    public string? ApiKeyHeaderField { get; init; }
    /// <summary>The field holding an API key account's key.</summary>
    public string ApiKeyField { get; init; } = "apiKey";

    /// <summary>An API key sent in the header <paramref name="name"/>.</summary>
    public ConnectorAuth InHeader(string name) => this with { ApiKeyHeader = name };

    /// <summary>An API key sent in the header whose name the user entered in the field <paramref name="field"/>.</summary>
    public ConnectorAuth InHeaderNamedBy(string field) => this with { ApiKeyHeaderField = field };

    /// <summary>Puts the account's credentials on a request, as this method declares; the host does it for every connector call.</summary>
    public void Apply(ConnectedAccount account, HttpRequestMessage request)
    {
        if (Kind != AuthKind.ApiKey)
        {
            account.Authenticate(request);
            return;
        }
        var header = ApiKeyHeader ?? (ApiKeyHeaderField is null ? null : account[ApiKeyHeaderField]);
        if (header is not { Length: > 0 } || account[ApiKeyField] is not { } key) return;
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, key);
    }

    public static ConnectorAuth None() => new(AuthKind.None, "No authentication", []);

    public static ConnectorAuth ApiKey(string displayName, params FieldDefinition[] fields) => new(AuthKind.ApiKey, displayName, fields);

    /// <param name="fields">Fields the account needs beside its token, such as Wati's API endpoint.</param>
    public static ConnectorAuth Bearer(string displayName = "Bearer token", params FieldDefinition[] fields) =>
        new(AuthKind.Bearer, displayName, [.. fields, Field.Secret("token", "Token", required: true)]);

    public static ConnectorAuth Basic(string displayName = "Username and password") =>
        new(AuthKind.Basic, displayName, [Field.Text("username", "Username", required: true), Field.Secret("password", "Password", required: true)]);

    public static ConnectorAuth OAuth(string displayName, OAuth2Provider provider) => new(AuthKind.OAuth2, displayName, [], provider);
}

/// <summary>
/// A vendor's OAuth 2.0 authorization-code flow, as far as it differs from RFC 6749. The host runs the
/// flow (PKCE S256, a state bound to the browser that started it, the code exchange, refreshes, storing
/// the tokens sealed) and asks the plugin only what differs: where the endpoints are (under the
/// connector's base URLs, so a simulator can stand in), the scopes and extra authorize parameters, how
/// the token answer reads, who the account is, and how to revoke it.
/// </summary>
public abstract class OAuth2Provider
{
    /// <summary>The consent page, from the connector's base URLs (configuration may point them at a simulator).</summary>
    public abstract Uri AuthorizeUrl(IReadOnlyDictionary<string, string> baseUrls);

    public abstract Uri TokenUrl(IReadOnlyDictionary<string, string> baseUrls);

    public virtual IReadOnlyList<string> Scopes => [];

    /// <summary>How the scopes are joined in the authorize URL (Slack joins them with commas).</summary>
    public virtual string ScopeSeparator => " ";

    /// <summary>Added to the authorize URL, such as Google's <c>access_type=offline</c>.</summary>
    public virtual IReadOnlyDictionary<string, string> AuthorizeParameters => new Dictionary<string, string>();

    /// <summary>False for a vendor whose code exchange takes no <c>grant_type</c> (Slack's oauth.v2.access).</summary>
    public virtual bool SendsGrantTypeWithCode => true;

    /// <summary>Reads the token endpoint's answer (any status): the tokens, or the vendor's error.</summary>
    public virtual OAuth2TokenAnswer ReadTokenAnswer(System.Text.Json.Nodes.JsonObject answer) => OAuth2TokenAnswer.Standard(answer);

    /// <summary>Who the account is at the vendor (a portal, a workspace, a user), asked with the new access token.</summary>
    public abstract Task<OAuth2Identity> IdentifyAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken);

    /// <summary>Revokes the tokens at the vendor when the account is disconnected; nothing where the vendor offers no revocation.</summary>
    public virtual Task RevokeAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}

/// <param name="ExpiresIn">Seconds the access token lives, when the vendor says.</param>
public sealed record OAuth2Tokens(string AccessToken, string? RefreshToken, int? ExpiresIn);

/// <param name="Id">Stable at the vendor: reconnecting signs in as the same one.</param>
/// <param name="Name">What the console calls the account ("Acme (portal 1001)").</param>
public sealed record OAuth2Identity(string Id, string Name);

/// <summary>The token endpoint's answer: tokens, or an error code (<c>invalid_grant</c> means the grant is gone for good).</summary>
public sealed record OAuth2TokenAnswer(OAuth2Tokens? Tokens, string? Error, string? ErrorDescription = null)
{
    /// <summary>RFC 6749 §5.1 and §5.2: <c>access_token</c>, <c>refresh_token</c>, <c>expires_in</c>, or <c>error</c>.</summary>
    public static OAuth2TokenAnswer Standard(System.Text.Json.Nodes.JsonObject answer)
    {
        if (Text(answer, "access_token") is { Length: > 0 } access)
            return new(new OAuth2Tokens(access, Text(answer, "refresh_token"), Number(answer, "expires_in")), null);
        return new(null, Text(answer, "error") ?? "invalid_response", Text(answer, "error_description") ?? Text(answer, "message"));
    }

    public static string? Text(System.Text.Json.Nodes.JsonObject answer, string name) =>
        answer[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Number(System.Text.Json.Nodes.JsonObject answer, string name) =>
        answer[name] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}

/// <summary>
/// A call on the third-party API that tells whether an account's credentials work (an API key the
/// vendor refuses is reported before the account is saved). It runs with the host's HTTP client and
/// egress policy, like an operation.
/// </summary>
public abstract class ConnectionTest
{
    public abstract Task<ConnectionTestResult> RunAsync(OperationContext context, CancellationToken cancellationToken);
}

/// <param name="Refusal">Why the credentials do not work, in the user's words, when they do not.</param>
/// <param name="AccountName">Who the account is at the vendor, when the call says (a portal, a tenant).</param>
public sealed record ConnectionTestResult(string? Refusal = null, string? AccountName = null)
{
    public bool Accepted => Refusal is null;

    public static ConnectionTestResult Works(string? accountName = null) => new(null, accountName);

    public static ConnectionTestResult Refused(string refusal) => new(refusal);
}
