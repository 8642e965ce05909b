namespace Modular.Accounts.OAuth;

/// <summary>
/// A consent pop-up under way: what the callback needs, found by the hash of the <c>state</c> the
/// provider sends back, used once, for ten minutes. It is bound to the browser that started it by a
/// cookie (its hash is kept), since the session cookie (SameSite=Strict) is not sent on the provider's
/// redirect. Kept outside any tenant, as the callback learns the workspace from it.
/// </summary>
public sealed class OAuthAttempt
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromMinutes(10);

    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string ConnectorId { get; set; } = "";
    public string StartedBy { get; set; } = "";
    public string? Name { get; set; }
    /// <summary>The account being reconnected: the provider must sign in as the same one.</summary>
    public string? AccountId { get; set; }
    public string ProtectedVerifier { get; set; } = "";
    public string BrowserHash { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}
