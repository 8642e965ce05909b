using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Modular.Testing;

/// <summary>
/// The owner every test host seeds at first start the documented way (Identity:Owner:*), and the
/// ways tests sign in: the owner's API key, or a session cookie from the sign-in endpoint.
/// </summary>
public static class TestIdentity
{
    public const string OwnerEmail = "owner@tests.example";
    public const string OwnerPassword = "owner password for tests";
    public const string OwnerApiKey = "tests-owner-api-key-0123456789abcdef";

    /// <summary>As configuration keys (in-memory configuration).</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Identity:Owner:Email"] = OwnerEmail,
        ["Identity:Owner:Password"] = OwnerPassword,
        ["Identity:Owner:ApiKey"] = OwnerApiKey,
        // One master key for every test host: nodes that share a database share it, as a deployment's do.
        ["DataProtection:MasterKey"] = "dGVzdHMtbWFzdGVyLWtleS0wMTIzNDU2Nzg5YWJjZGU=",
        // Every test signs in from 127.0.0.1, many at once: the limit is raised (the rate-limit test sets its own).
        ["Identity:SignInRateLimit:PerMinute"] = "100000",
    };

    /// <summary>As environment variables, for a host started as a process.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment =>
        Settings.Select(s => KeyValuePair.Create(s.Key.Replace(":", "__", StringComparison.Ordinal), s.Value!));

    public static HttpClient WithApiKey(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client holding the session cookie of <paramref name="email"/>; throws when the sign-in is refused.</summary>
    public static async Task<HttpClient> SignInAsync(Uri address, string email = OwnerEmail, string password = OwnerPassword, CookieContainer? cookies = null)
    {
        var client = Session(address, cookies ?? new CookieContainer());
        using var response = await client.PostAsJsonAsync("/api/session", new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Signing in as {email} was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Another client with the same cookies (the same browser, another tab).</summary>
    public static HttpClient Session(Uri address, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = address };
}
