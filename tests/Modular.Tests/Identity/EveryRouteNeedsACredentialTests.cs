using System.Net;
using System.Text;
using System.Text.Json;

namespace Modular.Tests.Identity;

/// <summary>
/// Walks the OpenAPI document, so a route added later is covered without anyone remembering to: every
/// operation but the public list answers 401 problem details to a caller without a credential.
/// </summary>
public sealed class EveryRouteNeedsACredentialTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The only operations anyone may call: sign-in, the owner setup, invitation links, the OAuth token endpoint, the OAuth callback of connected accounts, webhooks and event deliveries (each checked by its own secret).</summary>
    private static readonly HashSet<string> Public =
    [
        "GET /api/setup", "POST /api/setup",
        "POST /api/session", "DELETE /api/session",
        "GET /api/invitation-links/{token}", "POST /api/invitation-links/{token}/accept",
        "POST /hooks/{token}", "POST /hooks/events/{token}",
        "POST /connect/token",
        "GET /api/sso", "GET /sso/start",
        "GET /api/accounts/oauth/callback",
    ];

    [Fact]
    public async Task Every_operation_but_the_public_ones_answers_401_without_a_credential()
    {
        using var document = JsonDocument.Parse(await platform.Client.GetStringAsync("/openapi/v1.json", Cancel));
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };
        var checkedOperations = 0;
        var failures = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = operation.Name.ToUpperInvariant();
                if (Public.Contains($"{method} {path.Name}")) continue;
                var url = System.Text.RegularExpressions.Regex.Replace(path.Name, @"\{[^}]+\}", Guid.NewGuid().ToString());
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await stranger.SendAsync(request, Cancel);
                checkedOperations++;
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{method} {path.Name}: {(int)response.StatusCode}");
            }

        checkedOperations.ShouldBeGreaterThan(40);
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_public_list_is_what_the_api_describes()
    {
        // A public operation that disappears from the document (renamed, removed) must be taken off the list too.
        using var document = JsonDocument.Parse(await platform.Client.GetStringAsync("/openapi/v1.json", Cancel));
        var described = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        Public.Except(described).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api-reference/")]
    [InlineData("/api/no-such-route")]
    public async Task The_api_description_and_unknown_api_routes_need_a_credential_too(string path)
    {
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };

        await (await stranger.GetAsync(path, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/")]
    [InlineData("/sign-in")]
    [InlineData("/setup")]
    [InlineData("/invitations/some-token")]
    public async Task Health_and_the_console_pages_are_public(string path)
    {
        using var stranger = new HttpClient { BaseAddress = platform.Host.Address };

        (await stranger.GetAsync(path, Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
