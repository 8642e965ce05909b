using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets;

/// <summary>
/// Google's OAuth 2.0 for web server apps: the consent page on accounts.google.com, tokens, token information
/// and revocation on oauth2.googleapis.com. The Google user behind a token is read from tokeninfo (its sub and email).
/// </summary>
public sealed class GoogleOAuth : OAuth2Provider
{
    public const string AccountsBaseUrl = "accounts";
    public const string OAuthBaseUrl = "oauth2";

    public override Uri AuthorizeUrl(IReadOnlyDictionary<string, string> baseUrls) => Under(baseUrls[AccountsBaseUrl], "o/oauth2/v2/auth");

    public override Uri TokenUrl(IReadOnlyDictionary<string, string> baseUrls) => Under(baseUrls[OAuthBaseUrl], "token");

    // "email" lets tokeninfo name the account; the spreadsheets scope is what the operations need.
    public override IReadOnlyList<string> Scopes => ["openid", "email", "https://www.googleapis.com/auth/spreadsheets"];

    // Google gives a refresh token only for offline access, and again on a reconnect only after a fresh consent.
    public override IReadOnlyDictionary<string, string> AuthorizeParameters => new Dictionary<string, string>
    {
        ["access_type"] = "offline",
        ["prompt"] = "consent",
    };

    public override async Task<OAuth2Identity> IdentifyAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken)
    {
        var url = OperationContext.Url(new Uri(baseUrls[OAuthBaseUrl].TrimEnd('/') + "/"), "tokeninfo", ("access_token", tokens.AccessToken));
        using var response = await http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        var info = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? [];
        var sub = OAuth2TokenAnswer.Text(info, "sub") ?? throw new InvalidOperationException("Google's token information has no sub (user id).");
        var email = OAuth2TokenAnswer.Text(info, "email");
        return new OAuth2Identity(sub, email is { Length: > 0 } ? email : $"Google user {sub}");
    }

    /// <summary>Revoking either token ends the whole grant; the refresh token is the one that outlives the other.</summary>
    public override async Task RevokeAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken)
    {
        var url = OperationContext.Url(new Uri(baseUrls[OAuthBaseUrl].TrimEnd('/') + "/"), "revoke", ("token", tokens.RefreshToken ?? tokens.AccessToken));
        using var response = await http.PostAsync(url, new FormUrlEncodedContent([]), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static Uri Under(string baseUrl, string path) => new(new Uri(baseUrl.TrimEnd('/') + "/"), path);
}
