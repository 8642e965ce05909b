namespace Modular.Accounts.Domain;

/// <summary>
/// A third-party account connected to a workspace: which connector, how it authenticates, its
/// settings that are not secret (a base URL, a header name) and who connected it. Its secrets are
/// stored apart, sealed (<see cref="AccountSecrets"/>), so no view of this document can show one.
/// </summary>
public sealed class ConnectedAccount
{
    public string Id { get; set; } = "";
    public string ConnectorId { get; set; } = "";
    /// <summary>The connector's authentication method: ApiKey, Bearer, Basic or OAuth2.</summary>
    public string Method { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public Dictionary<string, string> Settings { get; set; } = [];
    /// <summary>Who the account is at the vendor (an OAuth account's portal, workspace or user): reconnecting must sign in as the same.</summary>
    public string? ExternalId { get; set; }
    public string? ExternalName { get; set; }
    /// <summary>Connected through a local simulator of the vendor (no OAuth client of the vendor configured).</summary>
    public bool Demo { get; set; }
    /// <summary>Set when a refresh failed for good (revoked at the vendor): runs fail at once until the account is reconnected.</summary>
    public bool NeedsReconnecting { get; set; }
    public string ConnectedBy { get; set; } = "";
    public DateTimeOffset ConnectedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}

/// <summary>An account's secret field values (API keys, tokens, passwords), protected with the platform's sealed key ring.</summary>
public sealed class AccountSecrets
{
    public string Id { get; set; } = "";
    public string Protected { get; set; } = "";
}
