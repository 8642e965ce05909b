using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Modular.Tests.Simulators;

/// <summary>Calling the simulators' data APIs as a connector would: a bearer token, JSON in and out.</summary>
public static class VendorCalls
{
    public const string AllHubSpotScopes = "oauth crm.objects.contacts.read crm.objects.contacts.write crm.objects.companies.read crm.objects.companies.write "
        + "crm.objects.deals.read crm.objects.deals.write crm.objects.owners.read";

    public const string SheetsScope = "https://www.googleapis.com/auth/spreadsheets";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<HttpResponseMessage> CallAsync(this HttpClient http, HttpMethod method, string path, string? token, object? json = null, string? rawJson = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (json is not null) request.Content = JsonContent.Create(json);
        else if (rawJson is not null) request.Content = new StringContent(rawJson, Encoding.UTF8, "application/json");
        return await http.SendAsync(request, Cancel);
    }

    public static async Task<JsonElement> JsonAsync(this HttpClient http, HttpMethod method, string path, string? token, object? json = null, HttpStatusCode status = HttpStatusCode.OK) =>
        await (await http.CallAsync(method, path, token, json)).JsonAsync(status);

    /// <summary>An access token of the portal, from the consent page and the code exchange, with these scopes.</summary>
    public static async Task<string> HubSpotTokenAsync(HttpClient http, string portal = "Acme (portal 1001)", string scopes = AllHubSpotScopes)
    {
        var pkce = Pkce.New();
        var url = OAuthFlow.Url("hubspot/app/oauth/authorize", ("client_id", "demo-hubspot-client"), ("redirect_uri", OAuthFlow.Callback),
            ("scope", scopes), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var code = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(http, url, "Allow", portal))["code"];
        var tokens = await (await http.PostFormAsync("hubspot/api/oauth/v1/token", ("grant_type", "authorization_code"), ("client_id", "demo-hubspot-client"),
            ("client_secret", "demo-hubspot-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);
        return tokens.Text("access_token");
    }

    /// <summary>A Google user's access token with these scopes.</summary>
    public static async Task<string> GoogleTokenAsync(HttpClient http, string account = "ada@acme.example", string scopes = SheetsScope)
    {
        var pkce = Pkce.New();
        var url = OAuthFlow.Url("google/accounts/o/oauth2/v2/auth", ("client_id", "demo-google-client"), ("redirect_uri", OAuthFlow.Callback),
            ("response_type", "code"), ("scope", scopes), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var code = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(http, url, "Allow", account))["code"];
        var tokens = await (await http.PostFormAsync("google/oauth2/token", ("grant_type", "authorization_code"), ("client_id", "demo-google-client"),
            ("client_secret", "demo-google-secret"), ("redirect_uri", OAuthFlow.Callback), ("code", code), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);
        return tokens.Text("access_token");
    }

    /// <summary>Injects a fault (<c>POST /_simulator/faults</c>) and returns its id.</summary>
    public static async Task<string> FaultAsync(this HttpClient http, object fault) =>
        (await (await http.PostAsJsonAsync("_simulator/faults", fault, Cancel)).JsonAsync(HttpStatusCode.Created)).Text("id");

    /// <summary>The request log, newest first.</summary>
    public static async Task<List<JsonElement>> RequestsAsync(this HttpClient http, string vendor, string? pathContains = null, int take = 50) =>
        [.. (await (await http.GetAsync(OAuthFlow.Url("_simulator/requests", ("vendor", vendor), ("pathContains", pathContains), ("take", take.ToString(System.Globalization.CultureInfo.InvariantCulture))), Cancel))
            .JsonAsync(HttpStatusCode.OK)).GetProperty("requests").EnumerateArray()];

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static List<string?> Strings(this JsonElement array) => [.. array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())];
}
