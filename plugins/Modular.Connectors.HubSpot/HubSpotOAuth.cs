using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot;

/// <summary>
/// HubSpot's OAuth 2.0: the consent page on app.hubspot.com, tokens on api.hubapi.com/oauth/v1/token,
/// and the portal behind a token read from /oauth/v1/access-tokens/{token} (its hub_id and domain).
/// Disconnecting deletes the refresh token (/oauth/v1/refresh-tokens/{token}).
/// </summary>
public sealed class HubSpotOAuth : OAuth2Provider
{
    public const string AuthBaseUrl = "auth";
    public const string ApiBaseUrl = "api";

    public override Uri AuthorizeUrl(IReadOnlyDictionary<string, string> baseUrls) => Under(baseUrls[AuthBaseUrl], "oauth/authorize");

    public override Uri TokenUrl(IReadOnlyDictionary<string, string> baseUrls) => Under(baseUrls[ApiBaseUrl], "oauth/v1/token");

    // "oauth" lets the token-info call read the portal; the CRM scopes are the connector's operations'.
    public override IReadOnlyList<string> Scopes =>
        ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write"];

    public override async Task<OAuth2Identity> IdentifyAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(Under(baseUrls[ApiBaseUrl], $"oauth/v1/access-tokens/{Uri.EscapeDataString(tokens.AccessToken)}"), cancellationToken);
        response.EnsureSuccessStatusCode();
        var info = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? [];
        var hubId = info["hub_id"]?.ToString() ?? throw new InvalidOperationException("HubSpot's token information has no hub_id.");
        var domain = OAuth2TokenAnswer.Text(info, "hub_domain");
        return new OAuth2Identity(hubId, domain is { Length: > 0 } ? $"{domain} (portal {hubId})" : $"Portal {hubId}");
    }

    public override async Task RevokeAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken)
    {
        if (tokens.RefreshToken is null) return;
        using var response = await http.DeleteAsync(Under(baseUrls[ApiBaseUrl], $"oauth/v1/refresh-tokens/{Uri.EscapeDataString(tokens.RefreshToken)}"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static Uri Under(string baseUrl, string path) => new(new Uri(baseUrl.TrimEnd('/') + "/"), path);
}
