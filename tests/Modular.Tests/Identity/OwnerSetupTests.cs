using System.Net;
using System.Net.Http.Json;
using Modular.Testing;

namespace Modular.Tests.Identity;

/// <summary>A fresh server with no owner seeded: the owner is created once, with the setup code the host printed.</summary>
public sealed class OwnerSetupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_owner_is_created_once_with_the_printed_code_and_the_code_then_stops_working()
    {
        await using var host = await PlatformHost.StartAsync(seedOwner: false);
        host.SetupCode.ShouldNotBeNullOrWhiteSpace();
        using var stranger = TestIdentity.Session(host.Address, new CookieContainer());
        (await (await stranger.GetAsync("/api/setup", Cancel)).ReadJsonAsync()).GetProperty("ownerNeeded").GetBoolean().ShouldBeTrue();

        await (await stranger.PostAsJsonAsync("/api/setup", new { code = "AAAA-BBBB-CCCC-DDDD", email = "first@tests.example", password = "first owner password" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await stranger.PostAsJsonAsync("/api/setup", new { code = host.SetupCode, email = "first@tests.example", password = "short" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Typed in lower case with spaces, as a person may.
        var typed = host.SetupCode!.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal);
        var created = await stranger.PostAsJsonAsync("/api/setup", new { code = typed, email = "first@tests.example", password = "first owner password", workspaceName = "Acme" }, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var me = await (await stranger.GetAsync("/api/me", Cancel)).ReadJsonAsync();
        me.GetProperty("email").GetString().ShouldBe("first@tests.example");
        me.GetProperty("workspaces")[0].GetProperty("role").GetString().ShouldBe("owner");
        me.GetProperty("workspaces")[0].GetProperty("name").GetString().ShouldBe("Acme");

        using var second = new HttpClient { BaseAddress = host.Address };
        await (await second.PostAsJsonAsync("/api/setup", new { code = host.SetupCode, email = "second@tests.example", password = "second owner password" }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await (await second.GetAsync("/api/setup", Cancel)).ReadJsonAsync()).GetProperty("ownerNeeded").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_address_with_retry_after()
    {
        await using var host = await PlatformHost.StartAsync(new Dictionary<string, string?> { ["Identity:SignInRateLimit:PerMinute"] = "3" });
        using var client = new HttpClient { BaseAddress = host.Address };

        for (var i = 0; i < 3; i++)
            await (await client.PostAsJsonAsync("/api/session", new { email = "nobody@tests.example", password = "wrong password" }, Cancel))
                .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var limited = await client.PostAsJsonAsync("/api/session", new { email = TestIdentity.OwnerEmail, password = TestIdentity.OwnerPassword }, Cancel);

        await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        // The API key path is not the sign-in endpoint: automation keeps working.
        (await host.Client.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
