using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Modular.Tests.Simulators;

/// <summary>
/// Fault injection (<c>/_simulator/faults</c>) and the request log (<c>/_simulator/requests</c>): each kind of fault
/// in the vendor's own shape, as a connector under test would meet it. Faults are the host's, so each test clears
/// them first and aims its own at a path no other test calls.
/// </summary>
public sealed class SimulatorFaultTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string HubSpotToken = "demo-hubspot-token";
    private const string GoogleToken = "demo-google-token";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private async Task ClearAsync() => (await Http.DeleteAsync("_simulator/faults", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

    private async Task<List<JsonElement>> FaultsAsync() =>
        [.. (await (await Http.GetAsync("_simulator/faults", Cancel)).JsonAsync(HttpStatusCode.OK)).GetProperty("faults").EnumerateArray()];

    [Fact]
    public async Task A_rate_limit_answers_HubSpots_429_with_Retry_After_count_times_then_the_call_goes_through()
    {
        await ClearAsync();
        var path = "hubspot/api/crm/v3/objects/companies";
        var id = await Http.FaultAsync(new { vendor = "hubspot", pathContains = "/crm/v3/objects/companies", kind = "rate-limit", count = 2, retryAfterSeconds = 1 });
        (await FaultsAsync()).Single().GetProperty("left").GetInt32().ShouldBe(2);

        for (var i = 0; i < 2; i++)
        {
            using var limited = await Http.CallAsync(HttpMethod.Get, path, HubSpotToken);
            limited.Headers.GetValues("Retry-After").Single().ShouldBe("1");
            var body = await limited.JsonAsync(HttpStatusCode.TooManyRequests);
            body.Text("status").ShouldBe("error");
            body.Text("message").ShouldBe("You have reached your ten secondly limit.");
            body.Text("errorType").ShouldBe("RATE_LIMIT");
            body.Text("policyName").ShouldBe("TEN_SECONDLY_ROLLING");
            Guid.TryParse(body.Text("correlationId"), out _).ShouldBeTrue();
            body.Text("requestId").ShouldNotBeNullOrEmpty();
        }
        (await Http.JsonAsync(HttpMethod.Get, path, HubSpotToken)).GetProperty("results").GetArrayLength().ShouldBePositive();

        (await FaultsAsync()).ShouldBeEmpty();
        var log = await Http.RequestsAsync("hubspot", "/crm/v3/objects/companies", take: 3);
        log.Select(r => r.GetProperty("status").GetInt32()).ShouldBe([200, 429, 429]);
        log.Skip(1).ShouldAllBe(r => r.GetProperty("fault").GetString() == id);
        log[0].TryGetProperty("fault", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_rate_limit_at_Google_is_a_RESOURCE_EXHAUSTED_quota_error()
    {
        await ClearAsync();
        await Http.FaultAsync(new { vendor = "google", pathContains = "/values/Orders!A1:B2", kind = "rate-limit", count = 1, retryAfterSeconds = 7 });

        using var limited = await Http.CallAsync(HttpMethod.Get, "google/sheets/v4/spreadsheets/demo-sales-sheet/values/Orders!A1:B2", GoogleToken);

        limited.Headers.GetValues("Retry-After").Single().ShouldBe("7");
        var error = (await limited.JsonAsync(HttpStatusCode.TooManyRequests)).GetProperty("error");
        error.GetProperty("code").GetInt32().ShouldBe(429);
        error.Text("status").ShouldBe("RESOURCE_EXHAUSTED");
        error.Text("message").ShouldStartWith("Quota exceeded for quota metric 'Read requests'");
        error.GetProperty("details")[0].Text("reason").ShouldBe("RATE_LIMIT_EXCEEDED");
        (await Http.CallAsync(HttpMethod.Get, "google/sheets/v4/spreadsheets/demo-sales-sheet/values/Orders!A1:B2", GoogleToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Server_errors_and_unavailability_come_in_each_vendors_shape()
    {
        await ClearAsync();
        await Http.FaultAsync(new { vendor = "hubspot", pathContains = "/crm/v3/owners", kind = "server-error", count = 1 });
        await Http.FaultAsync(new { vendor = "hubspot", pathContains = "/crm/v3/owners", kind = "unavailable", count = 1 });
        await Http.FaultAsync(new { vendor = "google", pathContains = "/values/Contacts", kind = "server-error", status = 502, count = 1 });
        await Http.FaultAsync(new { vendor = "google", pathContains = "/values/Contacts", kind = "unavailable", count = 1 });

        var hubspot500 = await (await Http.CallAsync(HttpMethod.Get, "hubspot/api/crm/v3/owners", HubSpotToken)).JsonAsync(HttpStatusCode.InternalServerError);
        hubspot500.Text("status").ShouldBe("error");
        hubspot500.Text("category").ShouldNotBeNullOrEmpty();
        hubspot500.Text("correlationId").ShouldNotBeNullOrEmpty();
        (await (await Http.CallAsync(HttpMethod.Get, "hubspot/api/crm/v3/owners", HubSpotToken)).JsonAsync(HttpStatusCode.ServiceUnavailable)).Text("status").ShouldBe("error");
        var google502 = (await (await Http.CallAsync(HttpMethod.Get, "google/sheets/v4/spreadsheets/demo-sales-sheet/values/Contacts", GoogleToken)).JsonAsync(HttpStatusCode.BadGateway)).GetProperty("error");
        google502.GetProperty("code").GetInt32().ShouldBe(502);
        var google503 = (await (await Http.CallAsync(HttpMethod.Get, "google/sheets/v4/spreadsheets/demo-sales-sheet/values/Contacts", GoogleToken)).JsonAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("error");
        google503.Text("status").ShouldBe("UNAVAILABLE");
        (await Http.CallAsync(HttpMethod.Get, "hubspot/api/crm/v3/owners", HubSpotToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_slow_answer_comes_after_the_delay_and_a_client_that_gives_up_leaves_nothing_waiting()
    {
        await ClearAsync();
        await Http.FaultAsync(new { vendor = "hubspot", pathContains = "/crm/v3/pipelines/deals", kind = "slow", delayMs = 400, count = 1 });
        var watch = Stopwatch.StartNew();
        var pipelines = await Http.JsonAsync(HttpMethod.Get, "hubspot/api/crm/v3/pipelines/deals", HubSpotToken);
        watch.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(380);
        pipelines.GetProperty("results")[0].Text("id").ShouldBe("default");

        var id = await Http.FaultAsync(new { vendor = "hubspot", pathContains = "/crm/v3/pipelines/deals/default", kind = "slow", delayMs = 60_000, count = 1 });
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        giveUp.CancelAfter(TimeSpan.FromMilliseconds(300));
        using var request = new HttpRequestMessage(HttpMethod.Get, "hubspot/api/crm/v3/pipelines/deals/default");
        request.Headers.Authorization = new("Bearer", HubSpotToken);
        await Should.ThrowAsync<TaskCanceledException>(() => Http.SendAsync(request, giveUp.Token));

        // The simulator notices the client left and ends the request at once, not a minute later.
        JsonElement? ended = null;
        for (var i = 0; i < 50 && ended is null; i++)
        {
            ended = (await Http.RequestsAsync("hubspot", "/crm/v3/pipelines/deals/default")).Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("fault").GetString() == id);
            if (ended is null) await Task.Delay(100, Cancel);
        }
        ended.ShouldNotBeNull();
        ended.Value.GetProperty("status").GetInt32().ShouldBe(499);
        ended.Value.GetProperty("durationMs").GetInt64().ShouldBeLessThan(10_000);
    }

    [Fact]
    public async Task A_malformed_answer_is_a_200_of_JSON_that_does_not_parse()
    {
        await ClearAsync();
        await Http.FaultAsync(new { vendor = "google", pathContains = "/values/Orders!C1", kind = "malformed", count = 1 });

        using var response = await Http.CallAsync(HttpMethod.Get, "google/sheets/v4/spreadsheets/demo-sales-sheet/values/Orders!C1", GoogleToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Should.Throw<JsonException>(() => JsonDocument.Parse(body));
        (await Http.JsonAsync(HttpMethod.Get, "google/sheets/v4/spreadsheets/demo-sales-sheet/values/Orders!C1", GoogleToken)).Text("range").ShouldBe("Orders!C1");
    }

    [Fact]
    public async Task A_fault_without_a_count_lasts_until_cleared_and_matches_only_its_vendor_path_and_method()
    {
        await ClearAsync();
        var lasting = await Http.FaultAsync(new { vendor = "hubspot", pathContains = "/crm/v3/objects/deals/search", method = "POST", kind = "unavailable" });
        var other = await Http.FaultAsync(new { vendor = "google", pathContains = "/crm/v3/objects/deals", kind = "server-error" });

        for (var i = 0; i < 3; i++)
            (await Http.CallAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/deals/search", HubSpotToken, new { limit = 1 })).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await Http.CallAsync(HttpMethod.Get, "hubspot/api/crm/v3/objects/deals?limit=1", HubSpotToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = await FaultsAsync();
        var entry = listed.Single(f => f.Text("id") == lasting);
        entry.GetProperty("left").ValueKind.ShouldBe(JsonValueKind.Null);
        entry.GetProperty("hits").GetInt32().ShouldBe(3);
        entry.Text("kind").ShouldBe("unavailable");

        (await Http.DeleteAsync($"_simulator/faults/{lasting}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Http.DeleteAsync($"_simulator/faults/{lasting}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Http.CallAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/deals/search", HubSpotToken, new { limit = 1 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await FaultsAsync()).Select(f => f.Text("id")).ShouldBe([other]);
        (await (await Http.DeleteAsync("_simulator/faults", Cancel)).JsonAsync(HttpStatusCode.OK)).GetProperty("cleared").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Slack_faults_answer_in_Slacks_own_shape()
    {
        await ClearAsync();
        await Http.FaultAsync(new { vendor = "slack", pathContains = "/api/auth.test", kind = "rate-limit", count = 1, retryAfterSeconds = 30 });

        using var limited = await Http.CallAsync(HttpMethod.Post, "slack/api/auth.test", "xoxb-demo-token");

        limited.Headers.GetValues("Retry-After").Single().ShouldBe("30");
        var answer = await limited.JsonAsync(HttpStatusCode.TooManyRequests);
        answer.GetProperty("ok").GetBoolean().ShouldBeFalse();
        answer.GetProperty("error").GetString().ShouldBe("ratelimited");
    }

    [Fact]
    public async Task A_fault_that_makes_no_sense_is_refused()
    {
        foreach (var fault in new object[]
        {
            new { vendor = "hubspot", kind = "explode" },
            new { kind = "slow" },
            new { vendor = "hubspot", kind = "server-error", status = 404 },
            new { vendor = "hubspot", kind = "rate-limit", count = 0 },
        })
        {
            var refused = await (await Http.PostAsync("_simulator/faults", System.Net.Http.Json.JsonContent.Create(fault), Cancel)).JsonAsync(HttpStatusCode.BadRequest);
            refused.Text("error").ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task The_request_log_never_shows_a_token_or_a_secret()
    {
        var marker = VendorCalls.Unique("marker");
        var oauth = await VendorCalls.HubSpotTokenAsync(Http);
        await Http.CallAsync(HttpMethod.Get, $"hubspot/api/crm/v3/objects/contacts?limit=1&{marker}=1", oauth);
        await Http.GetAsync($"hubspot/api/oauth/v1/access-tokens/{oauth}", Cancel);
        await Http.GetAsync($"google/sheets/v4/spreadsheets/demo-sales-sheet?access_token={GoogleToken}&key=AIza-secret-key&{marker}=2", Cancel);
        await Http.GetAsync($"google/oauth2/tokeninfo?access_token={GoogleToken}", Cancel);

        using var raw = await Http.GetAsync("_simulator/requests?take=200", Cancel);
        var text = await raw.Content.ReadAsStringAsync(Cancel);

        foreach (var secret in new[] { oauth, GoogleToken, "AIza-secret-key", "demo-hubspot-secret", "demo-google-secret" })
            text.ShouldNotContain(secret);
        var hubspot = (await Http.RequestsAsync("hubspot", "/crm/v3/objects/contacts")).First(r => r.Text("query").Contains(marker, StringComparison.Ordinal));
        hubspot.Text("authorization").ShouldBe("Bearer");
        hubspot.Text("method").ShouldBe("GET");
        hubspot.GetProperty("status").GetInt32().ShouldBe(200);
        (await Http.RequestsAsync("hubspot", "/oauth/v1/access-tokens/")).First().Text("path").ShouldBe("/hubspot/api/oauth/v1/access-tokens/***");
        var google = (await Http.RequestsAsync("google", "/sheets/")).First(r => r.Text("query").Contains(marker, StringComparison.Ordinal));
        google.Text("query").ShouldBe($"?access_token=***&key=***&{marker}=2");
        google.TryGetProperty("authorization", out _).ShouldBeFalse();
    }
}
