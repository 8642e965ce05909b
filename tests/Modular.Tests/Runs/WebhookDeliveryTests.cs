using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Modular.Runs.Webhooks;
using Modular.Testing;
using Npgsql;
using StandardWebhooks;

namespace Modular.Tests.Runs;

/// <summary>Deliveries as senders really make them: concurrent retries, replays, rotated secrets, floods and poison text.</summary>
public sealed class WebhookDeliveryTests(PlatformFixture platform)
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string OldSecret = "whsec_c2VjcmV0LW9mLWxhc3QteWVhci0xMjM0NTY3OA==";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(RunsClient Runs, Guid Action, string Url)> EnabledWebhook(PlatformHost host, HttpClient workspace, string? secret = null)
    {
        var runs = new RunsClient(workspace);
        var action = await runs.ActiveActionAsync("log('hello ' + input.name);");
        var webhook = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true, secret }, Cancel)).ReadJsonAsync();
        return (runs, action, webhook.GetProperty("url").GetString()!);
    }

    private Task<(RunsClient Runs, Guid Action, string Url)> EnabledWebhook(string? secret = null) =>
        platform.NewWorkspaceClientAsync().ContinueWith(w => EnabledWebhook(platform.Host, w.Result, secret), Cancel).Unwrap();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<long> RunCountAsync(RunsClient runs, Guid action) =>
        (await (await runs.Http.GetAsync($"/api/actions/{action}/runs", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64();

    [Fact]
    public async Task Twenty_five_concurrent_deliveries_of_each_of_ten_keys_make_ten_runs()
    {
        var (runs, action, url) = await EnabledWebhook();
        using var client = new HttpClient();

        async Task<(string Key, Guid RunId)> Deliver(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{\"name\": \"" + key + "\"}") };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
            return (key, (await response.ReadJsonAsync()).GetProperty("runId").GetGuid());
        }

        var keys = Enumerable.Range(1, 10).Select(i => $"order-{i}").ToList();
        var answers = await Task.WhenAll(keys.SelectMany(key => Enumerable.Repeat(key, 25)).Select(Deliver));

        foreach (var group in answers.GroupBy(a => a.Key)) group.Select(a => a.RunId).Distinct().Count().ShouldBe(1, group.Key);
        answers.Select(a => a.RunId).Distinct().Count().ShouldBe(10);
        (await RunCountAsync(runs, action)).ShouldBe(10);
    }

    [Fact]
    public async Task A_key_is_remembered_for_a_day_then_a_delivery_sent_again_runs_again()
    {
        var (runs, action, url) = await EnabledWebhook();
        using var client = new HttpClient();
        async Task<Guid> Deliver()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{\"name\": \"order-1\"}") };
            request.Headers.Add("Idempotency-Key", "order-1");
            var response = await client.SendAsync(request, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
            return (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        }

        var first = await Deliver();
        (await Deliver()).ShouldBe(first);
        // This action's key was claimed a day and an hour ago (the other tests' keys are fresh and stay).
        var dataSource = platform.Host.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var backdate = dataSource.CreateCommand(
            "update runs.mt_doc_webhookdelivery set data = jsonb_set(data, '{claimedAt}', " +
            "to_jsonb(to_char((now() - interval '25 hours') at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))) where id like $1"))
        {
            backdate.Parameters.AddWithValue($"{action}:%");
            (await backdate.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
        }

        (await WebhookDeliveries.ForgetOldAsync(dataSource, DateTimeOffset.UtcNow, Cancel)).ShouldBeGreaterThanOrEqualTo(1);
        var again = await Deliver();
        again.ShouldNotBe(first);
        (await Deliver()).ShouldBe(again);
        (await RunCountAsync(runs, action)).ShouldBe(2);
    }

    [Fact]
    public async Task A_signed_delivery_replayed_with_the_same_webhook_id_answers_the_first_run()
    {
        var (runs, action, url) = await EnabledWebhook(Secret);
        using var client = new HttpClient();
        var body = "{\"name\": \"Replayed\"}";
        var now = DateTimeOffset.UtcNow;
        var signature = new StandardWebhook(Secret).Sign("msg_replay", now, body);

        var first = await Deliver(client, url, body, "msg_replay", now, signature);
        var replays = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => Deliver(client, url, body, "msg_replay", now, signature)));

        replays.ShouldAllBe(id => id == first);
        (await RunCountAsync(runs, action)).ShouldBe(1);
    }

    [Fact]
    public async Task Any_signature_of_a_rotating_sender_is_enough_and_a_stale_timestamp_is_refused()
    {
        var (_, _, url) = await EnabledWebhook(Secret);
        using var client = new HttpClient();
        var body = "{\"name\": \"Rotated\"}";
        var now = DateTimeOffset.UtcNow;
        var old = new StandardWebhook(OldSecret).Sign("msg_rotated", now, body);
        var current = new StandardWebhook(Secret).Sign("msg_rotated", now, body);

        (await Deliver(client, url, body, "msg_rotated", now, $"{old} {current}")).ShouldNotBe(Guid.Empty);

        var stale = now.AddMinutes(-6);
        using var late = Signed(url, body, "msg_stale", stale, new StandardWebhook(Secret).Sign("msg_stale", stale, body));
        (await (await client.SendAsync(late, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString()!.ShouldContain("minutes");
        using var forged = Signed(url, body, "msg_forged", now, "v1," + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await (await client.SendAsync(forged, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Text_the_database_cannot_store_becomes_U_FFFD_in_the_input()
    {
        var (runs, _, url) = await EnabledWebhook();
        using var client = new HttpClient();

        var response = await client.PostAsync(url, Json("{\"name\": \"a\\u0000b\\ud800\", \"k\\u0000\": 1}"), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        (await runs.WaitForEndAsync(runId)).GetProperty("status").GetString().ShouldBe("succeeded");
        (await RunTests.EventsAsync(runs, runId)).Single(e => e.GetProperty("type").GetString() == "LogWritten")
            .GetProperty("data").GetProperty("message").GetString().ShouldBe("hello a\uFFFDb\uFFFD");
    }

    [Fact]
    public async Task A_flood_of_calls_to_a_paused_action_is_refused_and_only_a_few_are_recorded()
    {
        var (runs, action, url) = await EnabledWebhook();
        var current = await runs.Actions.GetJsonAsync(action);
        (await runs.Actions.PutAsync(action, "state", new { state = "paused", version = current.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
        using var client = new HttpClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ => (await client.PostAsync(url, Json("{}"), Cancel)).StatusCode));

        statuses.ShouldAllBe(s => s == HttpStatusCode.Conflict);
        (await RunCountAsync(runs, action)).ShouldBeInRange(1, 10);
    }

    [Fact]
    public async Task A_url_called_faster_than_its_limit_is_answered_429_with_Retry_After()
    {
        await using var host = await PlatformHost.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:RateLimit:PerTokenPerSecond"] = "5",
        });
        var (_, _, url) = await EnabledWebhook(host, host.Client);
        using var client = new HttpClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.PostAsync(url, Json("{\"name\": \"flood\"}"), Cancel)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBeInRange(10, 15);
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.ShouldNotBeNull();
        (await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("title").GetString().ShouldBe("Too many requests");
    }

    private static async Task<Guid> Deliver(HttpClient client, string url, string body, string id, DateTimeOffset at, string signature)
    {
        using var request = Signed(url, body, id, at, signature);
        var response = await client.SendAsync(request, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
    }

    private static HttpRequestMessage Signed(string url, string body, string id, DateTimeOffset at, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString());
        request.Headers.Add("webhook-signature", signature);
        return request;
    }
}
