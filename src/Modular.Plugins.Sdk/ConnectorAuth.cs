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
public sealed record ConnectorAuth(AuthKind Kind, string DisplayName, IReadOnlyList<FieldDefinition> Fields, OAuth2Settings? OAuth2 = null)
{
    /// <summary>The call that tells whether an account's credentials work, made before the account is saved; none when the connector cannot tell.</summary>
    public ConnectionTest? Test { get; init; }

    public ConnectorAuth WithTest(ConnectionTest test) => this with { Test = test };

    public static ConnectorAuth None() => new(AuthKind.None, "No authentication", []);

    public static ConnectorAuth ApiKey(string displayName, params FieldDefinition[] fields) => new(AuthKind.ApiKey, displayName, fields);

    public static ConnectorAuth Bearer(string displayName = "Bearer token") =>
        new(AuthKind.Bearer, displayName, [Field.Secret("token", "Token", required: true)]);

    public static ConnectorAuth Basic(string displayName = "Username and password") =>
        new(AuthKind.Basic, displayName, [Field.Text("username", "Username", required: true), Field.Secret("password", "Password", required: true)]);

    public static ConnectorAuth OAuth(string displayName, OAuth2Settings settings) => new(AuthKind.OAuth2, displayName, [], settings);
}

/// <summary>An OAuth 2.0 authorization-code flow (with PKCE when the provider supports it).</summary>
public sealed record OAuth2Settings(
    string AuthorizeUrl,
    string TokenUrl,
    IReadOnlyList<string> Scopes,
    bool UsePkce = true,
    /// <summary>A URL the host calls with the new token to read the account's display name.</summary>
    string? ProfileUrl = null,
    /// <summary>The JSON property of the profile answer that names the account.</summary>
    string? ProfileNameProperty = null);

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
