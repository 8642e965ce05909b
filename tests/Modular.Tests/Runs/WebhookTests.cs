using System.Net;
using System.Net.Http.Json;
using System.Text;
using StandardWebhooks;

namespace Modular.Tests.Runs;

public sealed class WebhookTests(PlatformFixture platform)
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(RunsClient Runs, Guid Action, string Url)> EnabledWebhook(string code = "log('hello ' + input.name);", string? secret = null)
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync(code);
        var webhook = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true, secret }, Cancel)).ReadJsonAsync();
        return (runs, action, webhook.GetProperty("url").GetString()!);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The public URL needs no workspace header: a client with none.
    private static HttpClient Anonymous() => new();

    [Fact]
    public async Task A_post_to_the_webhook_url_runs_the_action_with_the_body_as_input()
    {
        var (runs, action, url) = await EnabledWebhook();
        url.ShouldStartWith(platform.Host.Address + "hooks/");

        using var client = Anonymous();
        var response = await client.PostAsync(url, Json("{\"name\": \"Acme\"}"), Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        var run = await runs.WaitForEndAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded");
        run.GetProperty("trigger").GetString().ShouldBe("webhook");
        var log = (await RunTests.EventsAsync(runs, runId)).Single(e => e.GetProperty("type").GetString() == "LogWritten");
        log.GetProperty("data").GetProperty("message").GetString().ShouldBe("hello Acme");
    }

    [Fact]
    public async Task A_form_body_becomes_an_input_object()
    {
        var (runs, _, url) = await EnabledWebhook();
        using var client = Anonymous();

        var response = await client.PostAsync(url, new FormUrlEncodedContent([KeyValuePair.Create("name", "Form Co")]), Cancel);

        var runId = (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        await runs.WaitForEndAsync(runId);
        (await RunTests.EventsAsync(runs, runId)).Single(e => e.GetProperty("type").GetString() == "LogWritten")
            .GetProperty("data").GetProperty("message").GetString().ShouldBe("hello Form Co");
    }

    [Fact]
    public async Task Rotating_the_url_retires_the_old_one_and_disabling_retires_all()
    {
        var (runs, action, oldUrl) = await EnabledWebhook();
        var rotated = await (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true, rotate = true }, Cancel)).ReadJsonAsync();
        var newUrl = rotated.GetProperty("url").GetString()!;
        using var client = Anonymous();

        newUrl.ShouldNotBe(oldUrl);
        await (await client.PostAsync(oldUrl, Json("{}"), Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await client.PostAsync(newUrl, Json("{}"), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = false }, Cancel)).EnsureSuccessStatusCode();
        await (await client.PostAsync(newUrl, Json("{}"), Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync(platform.Host.Address + "hooks/not-a-token", Json("{}"), Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_a_secret_only_correctly_signed_calls_run_and_the_secret_is_never_shown()
    {
        var (runs, action, url) = await EnabledWebhook(secret: Secret);
        var body = "{\"name\": \"Signed\"}";
        using var client = Anonymous();

        await (await client.PostAsync(url, Json(body), Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var now = DateTimeOffset.UtcNow;
        var signature = new StandardWebhook(Secret).Sign("msg_1", now, body);
        using var tampered = Signed(url, "{\"name\": \"Tampered\"}", "msg_1", now, signature);
        await (await client.SendAsync(tampered, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var signed = Signed(url, body, "msg_1", now, signature);
        (await client.SendAsync(signed, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var view = await (await runs.Http.GetAsync($"/api/actions/{action}/webhook", Cancel)).Content.ReadAsStringAsync(Cancel);
        view.ShouldContain("\"signatureRequired\":true");
        view.ShouldNotContain("whsec_");
    }

    private static HttpRequestMessage Signed(string url, string body, string id, DateTimeOffset at, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(body) };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString());
        request.Headers.Add("webhook-signature", signature);
        return request;
    }

    [Fact]
    public async Task An_invalid_secret_is_refused()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var action = await runs.ActiveActionAsync("log('x');");

        var response = await runs.Http.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true, secret = "hunter2" }, Cancel);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("/secret", out _).ShouldBeTrue();
        await (await runs.Http.PutAsJsonAsync($"/api/actions/{Guid.NewGuid()}/webhook", new { enabled = true }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retried_delivery_with_the_same_idempotency_key_starts_one_run()
    {
        var (runs, action, url) = await EnabledWebhook();
        using var client = Anonymous();

        async Task<Guid> Deliver()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json("{\"name\": \"Once\"}") };
            request.Headers.Add("Idempotency-Key", "order-42");
            var response = await client.SendAsync(request, Cancel);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            return (await response.ReadJsonAsync()).GetProperty("runId").GetGuid();
        }

        var first = await Deliver();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Deliver()));

        concurrent.ShouldAllBe(id => id == first);
        await runs.WaitForEndAsync(first);
        var list = await (await runs.Http.GetAsync($"/api/actions/{action}/runs", Cancel)).ReadJsonAsync();
        list.GetProperty("total").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Malformed_and_oversize_bodies_are_refused()
    {
        var (_, _, url) = await EnabledWebhook();
        using var client = Anonymous();

        await (await client.PostAsync(url, Json("{\"name\": "), Cancel)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsync(url, Json("\"" + new string('x', 1_100_000) + "\""), Cancel)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_paused_action_answers_409_and_the_call_is_recorded()
    {
        var (runs, action, url) = await EnabledWebhook();
        var current = await runs.Actions.GetJsonAsync(action);
        (await runs.Actions.PutAsync(action, "state", new { state = "paused", version = current.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
        using var client = Anonymous();

        var problem = await (await client.PostAsync(url, Json("{}"), Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var run = await runs.GetAsync(problem.GetProperty("runId").GetGuid());
        run.GetProperty("status").GetString().ShouldBe("rejected");
        run.GetProperty("trigger").GetString().ShouldBe("webhook");
    }
}
