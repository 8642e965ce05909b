using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Modular.Testing;

namespace Modular.Tests.Simulators;

/// <summary>One simulator app for a test class, and a client that stops at redirects: the 302 to the app is the answer.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync();
        Http = OAuthFlow.Client(Host);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }
}

/// <summary>A PKCE pair (RFC 7636, S256).</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public static Pkce New()
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }
}

/// <summary>The consent page as a browser sees it: its form's action, hidden fields, labelled radios and buttons.</summary>
public sealed partial record ConsentForm(string Action, IReadOnlyList<KeyValuePair<string, string>> Hidden, IReadOnlyDictionary<string, string> IdentityByLabel, IReadOnlyDictionary<string, string> DecisionByButton)
{
    public static ConsentForm Parse(string html) => new(
        WebUtility.HtmlDecode(FormTag().Match(html).Groups[1].Value),
        [.. HiddenInput().Matches(html).Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))],
        LabelledRadio().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[3].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value)),
        Button().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[2].Value), m => WebUtility.HtmlDecode(m.Groups[1].Value)));

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]*)\">")]
    private static partial Regex FormTag();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<input type=\"radio\" id=\"([^\"]*)\" name=\"identity\" value=\"([^\"]*)\"[^>]*><label for=\"\\1\">([^<]*)</label>")]
    private static partial Regex LabelledRadio();

    [GeneratedRegex("<button type=\"submit\" name=\"decision\" value=\"([^\"]*)\">([^<]*)</button>")]
    private static partial Regex Button();
}

/// <summary>Driving the simulators' OAuth flows over HTTP, as the platform and a user's browser would.</summary>
public static class OAuthFlow
{
    /// <summary>The app's callback: only ever read from a Location header, never requested.</summary>
    public const string Callback = "https://app.modular.test/oauth/callback";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static HttpClient Client(SimulatorHost host) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.Address };

    public static string Url(string path, params (string Name, string? Value)[] query) =>
        QueryHelpers.AddQueryString(path, query.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, p.Value)));

    public static async Task<ConsentForm> ConsentPageAsync(HttpClient http, string authorizeUrl)
    {
        using var page = await http.GetAsync(authorizeUrl, Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        return ConsentForm.Parse(html);
    }

    /// <summary>Opens the consent page, picks the identity by its label and presses the named button; returns the answer (a 302).</summary>
    public static async Task<HttpResponseMessage> ConsentAsync(HttpClient http, string authorizeUrl, string button, string? identityLabel = null)
    {
        var form = await ConsentPageAsync(http, authorizeUrl);
        var fields = new List<KeyValuePair<string, string>>(form.Hidden)
        {
            KeyValuePair.Create("identity", identityLabel is null ? form.IdentityByLabel.Values.First() : form.IdentityByLabel[identityLabel]),
            KeyValuePair.Create("decision", form.DecisionByButton[button]),
        };
        return await http.PostAsync(form.Action, new FormUrlEncodedContent(fields), Cancel);
    }

    /// <summary>The query of a redirect to the app's callback.</summary>
    public static Dictionary<string, string> CallbackQuery(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(Callback);
        return QueryHelpers.ParseQuery(location.Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient http, string path, params (string Name, string? Value)[] fields) =>
        http.PostAsync(path, new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Name, f.Value!))), Cancel);

    /// <summary>The body as JSON whatever the status, after checking the status.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    public static string Text(this JsonElement json, string name) => json.GetProperty(name).GetString()!;

    public static string Basic(string id, string secret) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}"));
}
