using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Accounts.OAuth;

/// <summary>The token endpoint's calls: a form POST whose JSON answer is read whatever its status (vendors put errors in 400s and in 200s).</summary>
internal static class OAuthTokenCalls
{
    public static async Task<JsonObject> PostAsync(HttpClient http, Uri tokenUrl, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(tokenUrl, new FormUrlEncodedContent(fields), cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            return new JsonObject { ["error"] = $"http_{(int)response.StatusCode}" };
        return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? new JsonObject { ["error"] = "empty_answer" };
    }
}

/// <summary>An OAuth account's secrets as sealed: its tokens and when the access token expires.</summary>
internal static class OAuthSecrets
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
    public const string ExpiresAt = "expires_at";

    public static Dictionary<string, string> Of(OAuth2Tokens tokens, DateTimeOffset now)
    {
        var secrets = new Dictionary<string, string> { [AccessToken] = tokens.AccessToken };
        if (tokens.RefreshToken is { Length: > 0 } refresh) secrets[RefreshToken] = refresh;
        if (tokens.ExpiresIn is { } seconds) secrets[ExpiresAt] = (now + TimeSpan.FromSeconds(seconds)).ToString("O");
        return secrets;
    }
}
