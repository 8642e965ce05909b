namespace Modular.Simulators.OAuth;

/// <summary>
/// Someone a user can be at the vendor's consent page: a HubSpot portal's user, a Slack workspace, a Google account.
/// </summary>
/// <param name="Key">What the consent form posts back for this choice.</param>
/// <param name="Label">The radio button's label.</param>
/// <param name="UserId">The vendor's id of the user (HubSpot user_id, Slack authed_user.id, Google sub).</param>
/// <param name="AccountId">The account the grant is for (HubSpot hub_id, Slack team id); Google has none but the user.</param>
/// <param name="Domain">HubSpot's hub_domain, Slack's workspace subdomain, Google's hosted domain.</param>
internal sealed record DemoIdentity(string Key, string Label, string Email, string UserId, string AccountId, string AccountName, string Domain);

/// <summary>What the shared OAuth parts need to know of a vendor; each vendor's file holds its own.</summary>
/// <param name="Key">The vendor's name in paths and settings: <c>/_simulator/{Key}/…</c>, <c>Simulators:Clients:{Key}</c>.</param>
/// <param name="AccountNoun">Completes "Allow the app to access your …?".</param>
/// <param name="ScopeSeparator">Slack separates scopes with commas, HubSpot and Google with spaces.</param>
/// <param name="CarriedParameters">The authorize parameters the consent form carries back, besides the ones every vendor has.</param>
/// <param name="RequiresResponseTypeCode">Google wants <c>response_type=code</c>; HubSpot and Slack take no response_type.</param>
/// <param name="StaticToken">A private-app or bot token the who-am-I endpoint always accepts, as the first identity.</param>
internal sealed record VendorProfile(
    string Key,
    string Name,
    string AccountNoun,
    string IdentityLegend,
    string AuthorizePath,
    char ScopeSeparator,
    IReadOnlyList<string> CarriedParameters,
    bool RequiresResponseTypeCode,
    TimeSpan DefaultAccessTokenLifetime,
    string StaticToken,
    IReadOnlyList<string> StaticTokenScopes,
    IReadOnlyList<DemoIdentity> Identities,
    string AccentColor)
{
    /// <summary>The authorize parameters every vendor here takes, PKCE's included.</summary>
    public static readonly IReadOnlyList<string> CommonParameters =
        ["client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];

    public IReadOnlyList<string> SplitScopes(string? scope) =>
        (scope ?? "").Split(ScopeSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string JoinScopes(IEnumerable<string> scopes) => string.Join(ScopeSeparator, scopes);
}
