using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Tests.Actions;

namespace Modular.Tests.Connectors;

/// <summary>
/// Pipes card events: an action subscribed to a pipe runs when Pipefy announces a card created or moved. The
/// Globex organisation (demo-pipefy-token-2) is this class's alone on the shared simulator, so no other test's
/// cards are delivered here.
/// </summary>
public sealed class PipesTriggerTests(PlatformFixture platform)
{
    private const string Token = "demo-pipefy-token-2";
    private const string SalesPipe = "301201";
    private const string Qualified = "302203";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_card_created_in_the_watched_pipe_runs_the_action_which_moves_it()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId,
            new { pipeId = SalesPipe, destinationPhaseId = Qualified, cardIdField = "data.card.id" }, new { when = "As soon as a lead arrives" });

        var view = await (await kit.Client.PutAsJsonAsync($"/api/actions/{action}/trigger",
            new { triggerId = "pipes.cardEvents", input = new { pipeId = SalesPipe }, events = new[] { "card_created" } }, Cancel)).ReadJsonAsync();
        var webhook = (await WebhooksAsync(kit)).Single(w => w["url"]!.GetValue<string>().Contains("/hooks/events/", StringComparison.Ordinal));
        var cardId = await NewLeadAsync(kit, "Trigger Co " + Guid.NewGuid().ToString("N")[..6]);

        view.GetProperty("subscription").GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(["card_created"]);
        view.GetRawText().ShouldNotContain(Secret(webhook));
        webhook["actions"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["card.create"]);
        webhook["url"]!.GetValue<string>().ShouldStartWith(platform.Host.Address.ToString());
        var run = await WaitForRunAsync(kit, action);
        run.GetProperty("trigger").GetString().ShouldBe("event");
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        (await CardPhaseAsync(kit, cardId)).ShouldBe("Qualified");
        await UnsubscribeAsync(kit, action);
    }

    [Fact]
    public async Task A_moved_card_runs_the_action_with_pipefys_event_and_deliveries_without_the_secret_or_of_other_events_start_nothing()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Qualified, cardIdField = "cardId" }, new { when = "Now" });
        await kit.EditCodeAsync(action, _ => """log(input.eventId + " " + input.data.card.id + " to " + input.data.to.name);""");
        (await kit.Client.PutAsJsonAsync($"/api/actions/{action}/trigger",
            new { triggerId = "pipes.cardEvents", input = new { pipeId = SalesPipe }, events = new[] { "card_moved" } }, Cancel)).EnsureSuccessStatusCode();
        var webhook = (await WebhooksAsync(kit)).Single(w => w["url"]!.GetValue<string>().Contains("/hooks/events/", StringComparison.Ordinal));
        var url = webhook["url"]!.GetValue<string>();
        var secret = Secret(webhook);
        var cardId = await NewLeadAsync(kit, "Mover Co " + Guid.NewGuid().ToString("N")[..6]);

        await PipefyAsync(kit, $$"""mutation { moveCardToPhase(input: { card_id: "{{cardId}}", destination_phase_id: "{{Qualified}}" }) { card { id } } }""");
        var run = await WaitForRunAsync(kit, action);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).ShouldContain($"card_moved {cardId} to Qualified");
        using var sender = new HttpClient();
        var created = """{"data":{"action":"card.create","card":{"id":""" + cardId + ""","title":"x","pipe_id":"SALES002"}}}""";
        (await DeliverAsync(sender, url, null, created)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await DeliverAsync(sender, url, secret + "x", created)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await DeliverAsync(sender, url, secret, "{not json")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DeliverAsync(sender, url, secret, created)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await DeliverAsync(sender, url, secret, """{"data":{"action":"card.move"}}""")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await DeliverAsync(sender, url[..url.LastIndexOf('/')] + "/not-a-token", secret, created)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DeliverAsync(sender, url, secret, new string('x', 1_100_000))).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await RunsAsync(kit, action)).Count.ShouldBe(1);
        await UnsubscribeAsync(kit, action);
    }

    [Fact]
    public async Task Removing_the_trigger_or_deleting_the_action_ends_the_webhook_at_pipefy()
    {
        var (kit, accountId) = await ConnectedAsync();
        var removed = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Qualified, cardIdField = "cardId" }, new { when = "Now" });
        var deleted = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Qualified, cardIdField = "cardId" }, new { when = "Now" });
        foreach (var action in new[] { removed, deleted })
            (await kit.Client.PutAsJsonAsync($"/api/actions/{action}/trigger",
                new { triggerId = "pipes.cardEvents", input = new { pipeId = SalesPipe }, events = new[] { "card_created", "card_moved" } }, Cancel)).EnsureSuccessStatusCode();
        var urls = (await WebhooksAsync(kit)).Select(w => w["url"]!.GetValue<string>()).Where(u => u.Contains("/hooks/events/", StringComparison.Ordinal)).ToList();

        var afterRemove = await (await kit.Client.DeleteAsync($"/api/actions/{removed}/trigger", Cancel)).ReadJsonAsync();
        var remaining = (await WebhooksAsync(kit)).Select(w => w["url"]!.GetValue<string>()).ToList();
        var actions = new ActionsClient(kit.Client);
        (await actions.DeleteAsync(deleted, (await actions.GetJsonAsync(deleted)).GetProperty("version").GetInt32())).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        urls.Count.ShouldBe(2);
        afterRemove.GetProperty("subscription").ValueKind.ShouldBe(JsonValueKind.Null);
        afterRemove.GetProperty("warning").ValueKind.ShouldBe(JsonValueKind.Null);
        remaining.Count(u => u.Contains("/hooks/events/", StringComparison.Ordinal)).ShouldBe(1);
        // The action's deletion ends its subscription after it is committed (a message of the outbox).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await WebhooksAsync(kit)).Any(w => w["url"]!.GetValue<string>().Contains("/hooks/events/", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(100, Cancel);
        (await WebhooksAsync(kit)).Select(w => w["url"]!.GetValue<string>()).ShouldNotContain(u => u.Contains("/hooks/events/", StringComparison.Ordinal));
        using var sender = new HttpClient();
        foreach (var url in urls)
            (await DeliverAsync(sender, url, "any", """{"data":{"action":"card.create","card":{"id":1}}}""")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_subscription_that_cannot_be_made_is_refused_with_the_reason_and_nothing_is_kept()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Qualified, cardIdField = "cardId" }, new { when = "Now" });
        var rest = (await new ActionsClient(kit.Client).CreateWebhookActionAsync()).GetProperty("id").GetGuid();
        Task<HttpResponseMessage> Put(Guid id, object body) => kit.Client.PutAsJsonAsync($"/api/actions/{id}/trigger", body, Cancel);

        var unknownTrigger = await (await Put(action, new { triggerId = "pipes.nothing", input = new { pipeId = SalesPipe }, events = new[] { "card_created" } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var badEvents = await (await Put(action, new { triggerId = "pipes.cardEvents", input = new { }, events = new[] { "card_deleted" } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var noEvents = await (await Put(action, new { triggerId = "pipes.cardEvents", input = new { pipeId = SalesPipe } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var noSuchPipe = await (await Put(action, new { triggerId = "pipes.cardEvents", input = new { pipeId = "999999999" }, events = new[] { "card_created" } })).ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        var noEventsHere = await (await Put(rest, new { triggerId = "pipes.cardEvents", input = new { pipeId = SalesPipe }, events = new[] { "card_created" } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var noAction = await Put(Guid.NewGuid(), new { triggerId = "pipes.cardEvents", input = new { pipeId = SalesPipe }, events = new[] { "card_created" } });
        var view = await (await kit.Client.GetAsync($"/api/actions/{action}/trigger", Cancel)).ReadJsonAsync();

        unknownTrigger.GetProperty("errors").GetProperty("/triggerId")[0].GetString()!.ShouldContain("pipes.cardEvents");
        badEvents.GetProperty("errors").GetProperty("/events")[0].GetString()!.ShouldContain("card_created, card_moved");
        badEvents.GetProperty("errors").GetProperty("/input/pipeId")[0].GetString().ShouldBe("Pipe is required.");
        noEvents.GetProperty("errors").TryGetProperty("/events", out _).ShouldBeTrue();
        noSuchPipe.GetProperty("detail").GetString()!.ShouldContain("RESOURCE_NOT_FOUND");
        noEventsHere.GetProperty("errors").GetProperty("/triggerId")[0].GetString().ShouldBe("The action's connector announces no events.");
        noAction.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        view.GetProperty("subscription").ValueKind.ShouldBe(JsonValueKind.Null);
        var trigger = view.GetProperty("available").EnumerateArray().Single();
        trigger.GetProperty("id").GetString().ShouldBe("pipes.cardEvents");
        trigger.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ShouldBe(["card_created", "card_moved"]);
        trigger.GetProperty("fields")[0].GetProperty("optionsFrom").GetString().ShouldBe("listPipes");
        (await WebhooksAsync(kit)).ShouldNotContain(w => w["url"]!.GetValue<string>().Contains("/hooks/events/", StringComparison.Ordinal));
    }

    private async Task<(ConnectorTestKit Kit, string AccountId)> ConnectedAsync()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);
        return (kit, await kit.ConnectTokenAccountAsync("pipes", new { token = Token }, "Globex on Pipefy"));
    }

    private static async Task UnsubscribeAsync(ConnectorTestKit kit, Guid action) =>
        (await kit.Client.DeleteAsync($"/api/actions/{action}/trigger", Cancel)).EnsureSuccessStatusCode();

    private static string Secret(JsonNode webhook)
    {
        var headers = webhook["headers"]!;
        var map = headers is JsonValue text ? JsonNode.Parse(text.GetValue<string>())! : headers;
        return map["X-Modular-Event-Secret"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> DeliverAsync(HttpClient sender, string url, string? secret, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-Modular-Event-Secret", secret);
        return await sender.SendAsync(request, Cancel);
    }

    private static async Task<List<JsonElement>> RunsAsync(ConnectorTestKit kit, Guid action) =>
        [.. (await (await kit.Client.GetAsync($"/api/actions/{action}/runs", Cancel)).ReadJsonAsync()).GetProperty("items").EnumerateArray()];

    /// <summary>The action's one run, once it has ended (Pipefy delivers after its answer, so it comes a moment later).</summary>
    private static async Task<JsonElement> WaitForRunAsync(ConnectorTestKit kit, Guid action)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var runs = await RunsAsync(kit, action);
            if (runs.Count > 0 && runs[0].GetProperty("status").GetString() is "succeeded" or "failed" or "stopped" or "rejected") return runs.ShouldHaveSingleItem();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No run of the action ended: {runs.Count} runs.");
            await Task.Delay(100, Cancel);
        }
    }

    private static async Task<JsonNode> PipefyAsync(ConnectorTestKit kit, string document)
    {
        using var pipefy = kit.Vendor(Token);
        var answer = await ConnectorTestKit.JsonAsync(await pipefy.PostAsJsonAsync("pipefy/graphql", new { query = document }, Cancel));
        answer["errors"].ShouldBeNull(answer.ToJsonString());
        return answer["data"]!;
    }

    private static async Task<List<JsonNode>> WebhooksAsync(ConnectorTestKit kit) =>
        [.. (await PipefyAsync(kit, $$"""query { pipe(id: "{{SalesPipe}}") { webhooks { id url actions headers } } }"""))["pipe"]!["webhooks"]!.AsArray().Select(w => w!)];

    private static async Task<string> NewLeadAsync(ConnectorTestKit kit, string customer) =>
        (await PipefyAsync(kit, $$"""
            mutation { createCard(input: { pipe_id: "{{SalesPipe}}", title: "{{customer}}", fields_attributes: [{ field_id: "customer_name", field_value: "{{customer}}" }] }) { card { id } } }
            """))["createCard"]!["card"]!["id"]!.GetValue<string>();

    private static async Task<string> CardPhaseAsync(ConnectorTestKit kit, string cardId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var phase = (await PipefyAsync(kit, $$"""query { card(id: "{{cardId}}") { current_phase { name } } }"""))["card"]!["current_phase"]!["name"]!.GetValue<string>();
            if (phase != "Lead" || DateTime.UtcNow > deadline) return phase;
            await Task.Delay(100, Cancel);
        }
    }
}
