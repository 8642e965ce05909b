using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Connectors;

/// <summary>The Pipes connector: its GraphQL requests, GraphQL errors in 200 answers, and its templates run end to end against the local Pipefy.</summary>
public sealed class PipesTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, string> Pipefy = new() { ["graphql"] = "https://api.pipefy.com/graphql" };
    private static readonly Dictionary<string, string> Token = new() { ["token"] = "pipefy-test-token" };

    private RecordedCalls Calls() => new(platform, "pipes");

    private static Task<JsonNode?> RunAsync(RecordedCalls calls, string operation, string input) => calls.RunAsync(operation, input, Token, Pipefy);

    [Fact]
    public async Task Move_card_posts_the_mutation_with_its_input_and_is_not_retried_as_a_query_would_be()
    {
        var calls = Calls().Answer("""{"data":{"moveCardToPhase":{"card":{"id":"501","current_phase":{"id":"42","name":"Review"}}}}}""");

        var moved = await RunAsync(calls, "moveCard", """{"cardId":"501","destinationPhaseId":"42"}""");

        var request = calls.Requests.Single();
        request.Method.ShouldBe("POST");
        request.Url.AbsoluteUri.ShouldBe("https://api.pipefy.com/graphql");
        request.MarkedIdempotent.ShouldBeFalse();
        request.Json!["query"]!.GetValue<string>().ShouldContain("moveCardToPhase(input: $input)");
        request.Json!["variables"]!.ShouldBeJson("""{"input":{"card_id":"501","destination_phase_id":"42"}}""");
        moved!["phaseName"]!.GetValue<string>().ShouldBe("Review");
    }

    [Fact]
    public async Task Reading_for_a_dropdown_is_a_query_the_host_may_retry()
    {
        var calls = Calls().Answer("""{"data":{"pipe":{"id":"7","phases":[{"id":"41","name":"Inbox"},{"id":"42","name":"Review"}]}}}""");

        var phases = await RunAsync(calls, "listPhases", """{"pipeId":"7"}""");

        calls.Requests.Single().MarkedIdempotent.ShouldBeTrue();
        calls.Requests.Single().Json!["variables"]!["id"]!.GetValue<string>().ShouldBe("7");
        phases!["options"]!.AsArray().Select(o => o!["label"]!.GetValue<string>()).ShouldBe(["Inbox", "Review"]);
    }

    [Fact]
    public async Task A_graphql_error_in_a_200_answer_fails_the_call_naming_its_code()
    {
        var calls = Calls().Answer("""{"data":{"moveCardToPhase":null},"errors":[{"message":"Permission denied","extensions":{"code":"PERMISSION_DENIED","correlation_id":"c86ccfa6"}}]}""");

        var failed = await Should.ThrowAsync<ConnectorCallException>(() => RunAsync(calls, "moveCard", """{"cardId":"501","destinationPhaseId":"42"}"""));

        failed.Message.ShouldBe("Pipes answered 200 PERMISSION_DENIED: Permission denied");
        failed.VendorCode.ShouldBe("PERMISSION_DENIED");
    }

    [Fact]
    public async Task Field_values_and_card_attributes_are_updated_by_their_own_mutations()
    {
        var calls = Calls()
            .Answer("""{"data":{"updateFieldsValues":{"success":true,"userErrors":[],"updatedNode":{"id":"501","title":"Order 17"}}}}""")
            .Answer("""{"data":{"updateCard":{"card":{"id":"501","title":"Order 17 (paid)"}}}}""");

        var updated = await RunAsync(calls, "updateCard", """{"cardId":"501","fields":{"status":"Paid","tags":["a","b"]},"title":"Order 17 (paid)","dueDate":"2025-07-01T17:00:00Z"}""");

        calls.Requests[0].Json!["variables"]!
            .ShouldBeJson("""{"input":{"nodeId":"501","values":[{"fieldId":"status","value":"Paid"},{"fieldId":"tags","value":["a","b"]}]}}""");
        calls.Requests[1].Json!["variables"]!.ShouldBeJson("""{"input":{"id":"501","title":"Order 17 (paid)","due_date":"2025-07-01T17:00:00Z"}}""");
        updated!["title"]!.GetValue<string>().ShouldBe("Order 17 (paid)");
        updated["updatedFields"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["status", "tags"]);
    }

    [Fact]
    public async Task Field_errors_of_updateFieldsValues_fail_the_call()
    {
        var calls = Calls().Answer("""{"data":{"updateFieldsValues":{"success":false,"userErrors":[{"field":"due","message":"is not a valid date"}],"updatedNode":null}}}""");

        var failed = await Should.ThrowAsync<ConnectorCallException>(() => RunAsync(calls, "updateCard", """{"cardId":"501","fields":{"due":"tomorrow"}}"""));

        failed.Message.ShouldContain("due: is not a valid date");
    }

    [Fact]
    public async Task A_connected_card_is_created_with_its_parent_and_a_table_record_with_its_fields()
    {
        var calls = Calls()
            .Answer("""{"data":{"createCard":{"card":{"id":"900","title":"Invoice","url":"https://app.pipefy.com/open-cards/900","current_phase":{"id":"61","name":"To do"}}}}}""")
            .Answer("""{"data":{"createTableRecord":{"table_record":{"id":"r1","title":"Acme","url":null}}}}""");

        var card = await RunAsync(calls, "createConnectedCard", """{"pipeId":"8","parentCardId":"501","title":"Invoice","fields":{"amount":"120"}}""");
        var record = await RunAsync(calls, "createTableRecord", """{"tableId":"t9","title":"Acme","fields":{"city":"Lisbon"}}""");

        calls.Requests[0].Json!["variables"]!
            .ShouldBeJson("""{"input":{"pipe_id":"8","fields_attributes":[{"field_id":"amount","field_value":"120"}],"title":"Invoice","parent_ids":["501"]}}""");
        card!["cardId"]!.GetValue<string>().ShouldBe("900");
        calls.Requests[1].Json!["variables"]!
            .ShouldBeJson("""{"input":{"table_id":"t9","fields_attributes":[{"field_id":"city","field_value":"Lisbon"}],"title":"Acme"}}""");
        record!["recordId"]!.GetValue<string>().ShouldBe("r1");
    }

    [Fact]
    public async Task An_email_template_is_resolved_for_the_card_then_sent_from_its_inbox()
    {
        var calls = Calls()
            .Answer("""{"data":{"card":{"id":"501","uuid":"550e8400-e29b-41d4-a716-446655440000","pipe":{"id":"7"}}}}""")
            .Answer("""{"data":{"parsedEmailTemplate":{"subject":"Your order 17","body":"<p>Hi Ada</p>","fromEmail":"shop@pipe.example","toEmail":"ada@example.com, bob@example.com","ccEmail":"","bccEmail":null}}}""")
            .Answer("""{"data":{"createAndSendInboxEmail":{"emailSent":true,"errors":[],"inboxEmail":{"id":"e-1"}}}}""");

        var sent = await RunAsync(calls, "sendEmailTemplate", """{"cardId":"501","emailTemplateId":"309545798"}""");

        calls.Requests.Select(r => r.MarkedIdempotent).ShouldBe([true, true, false]);
        calls.Requests[1].Json!["variables"]!.ShouldBeJson("""{"emailTemplateId":"309545798","cardUuid":"550e8400-e29b-41d4-a716-446655440000"}""");
        calls.Requests[2].Json!["variables"]!
            .ShouldBeJson("""{"input":{"cardId":"501","from":"shop@pipe.example","to":["ada@example.com","bob@example.com"],"subject":"Your order 17","html":"<p>Hi Ada</p>","repoId":"7"}}""");
        sent!["emailId"]!.GetValue<string>().ShouldBe("e-1");
    }

    [Theory]
    [InlineData("moveCard", """{"destinationPhaseId":"42"}""", "Required input missing: 'cardId'")]
    [InlineData("moveCard", """{"cardId":501,"destinationPhaseId":"42"}""", "'cardId' must be text")]
    [InlineData("updateCard", """{"cardId":"501"}""", "Nothing to update")]
    [InlineData("createCard", """{"pipeId":"7","colour":"red"}""", "Unknown input 'colour'")]
    public async Task Input_that_breaks_the_schema_names_the_field_and_sends_nothing(string operation, string input, string problem)
    {
        var calls = Calls();

        var refused = await Should.ThrowAsync<OperationInputException>(() => RunAsync(calls, operation, input));

        refused.Message.ShouldContain(problem);
        calls.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_http_error_of_the_endpoint_reads_as_its_graphql_error()
    {
        var calls = Calls().Answer("""{"errors":[{"message":"Invalid token","extensions":{"code":"UNAUTHORIZED"}}]}""", HttpStatusCode.Unauthorized);

        var failed = await Should.ThrowAsync<ConnectorCallException>(() => RunAsync(calls, "listPipes", "{}"));

        failed.Message.ShouldBe("Pipes answered 401 UNAUTHORIZED: Invalid token");
    }

    // End to end: the platform's API, the host's pipeline and the local Pipefy (src/Modular.Simulators), organisation Acme.

    private const string SalesPipe = "301101";
    private const string Proposal = "302104";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(ConnectorTestKit Kit, string AccountId)> ConnectedAsync()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);
        return (kit, await kit.ConnectTokenAccountAsync("pipes", new { token = "demo-pipefy-token" }, "Acme on Pipefy"));
    }

    /// <summary>A GraphQL document sent to the local Pipefy directly, as Acme: its <c>data</c>.</summary>
    private static async Task<JsonNode> PipefyAsync(ConnectorTestKit kit, string document)
    {
        using var pipefy = kit.Vendor("demo-pipefy-token");
        var answer = await ConnectorTestKit.JsonAsync(await pipefy.PostAsJsonAsync("pipefy/graphql", new { query = document }, Cancel));
        answer["errors"].ShouldBeNull(answer.ToJsonString());
        return answer["data"]!;
    }

    private static async Task<string> NewLeadAsync(ConnectorTestKit kit, string customer) =>
        (await PipefyAsync(kit, $$"""
            mutation { createCard(input: { pipe_id: "{{SalesPipe}}", title: "{{customer}}", fields_attributes: [{ field_id: "customer_name", field_value: "{{customer}}" }] }) { card { id } } }
            """))["createCard"]!["card"]!["id"]!.GetValue<string>();

    private static async Task<JsonNode> CardAsync(ConnectorTestKit kit, string cardId) =>
        (await PipefyAsync(kit, $$"""query { card(id: "{{cardId}}") { id title current_phase { id name } fields { field { id } value } } }"""))["card"]!;

    [Fact]
    public async Task A_token_pipefy_refuses_is_not_saved()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);

        var refused = await (await kit.PostTokenAccountAsync("pipes", new { token = "not-a-pipefy-token" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        refused.GetProperty("errors").GetProperty("/values")[0].GetString()!.ShouldContain("Pipefy refused the API token");
        (await (await kit.Client.GetAsync("/api/accounts?connector=pipes", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Move_a_card_moves_the_card_a_webhook_names_to_the_phase()
    {
        var (kit, accountId) = await ConnectedAsync();
        var cardId = await NewLeadAsync(kit, "Moving Co " + Guid.NewGuid().ToString("N")[..6]);
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId,
            new { pipeId = SalesPipe, destinationPhaseId = Proposal, cardIdField = "data.card.id" }, new { when = "When the proposal is sent" });

        // Pipefy's card webhooks name the card by a number.
        var run = await kit.RunAsync(action, new { data = new { action = "card.field_update", card = new { id = long.Parse(cardId, System.Globalization.CultureInfo.InvariantCulture) } } });

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        (await CardAsync(kit, cardId))["current_phase"]!["id"]!.GetValue<string>().ShouldBe(Proposal);
        (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).Last().ShouldBe($"Card {cardId} is now in Proposal");
    }

    [Fact]
    public async Task Create_a_card_from_a_webhook_creates_it_with_its_title_and_fields_from_the_body()
    {
        var (kit, accountId) = await ConnectedAsync();
        var order = "A-" + Guid.NewGuid().ToString("N")[..6];
        var action = await kit.ActiveActionAsync("pipes.create-card", accountId, new
        {
            pipeId = SalesPipe,
            title = "Order {{ input.orderId }}",
            fields = new Dictionary<string, string> { ["customer_name"] = "{{ input.customer.name }}", ["email"] = "{{ input.customer.email }}" },
        }, new { source = "the online shop" });
        var url = await kit.EnableWebhookAsync(action);

        using var shop = new HttpClient();
        var accepted = await (await shop.PostAsJsonAsync(url, new { orderId = order, customer = new { name = "Acme", email = "buyer@acme.example" } }, Cancel)).ReadJsonAsync();
        var run = await kit.Runs.WaitForEndAsync(accepted.GetProperty("runId").GetGuid());

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var cardId = (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).Last().Split(' ')[2];
        var card = await CardAsync(kit, cardId);
        card["title"]!.GetValue<string>().ShouldBe("Order " + order);
        var fields = card["fields"]!.AsArray().ToDictionary(f => f!["field"]!["id"]!.GetValue<string>(), f => f!["value"]?.GetValue<string>());
        fields["customer_name"].ShouldBe("Acme");
        fields["email"].ShouldBe("buyer@acme.example");
    }

    [Fact]
    public async Task Input_that_breaks_an_operation_schema_fails_the_run_naming_the_field_and_calls_nothing()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Proposal, cardIdField = "cardId" }, new { when = "Now" });
        await kit.EditCodeAsync(action, code => code.Replace("cardId: String(cardId)", "cardId: Number(cardId)", StringComparison.Ordinal));
        var before = await kit.VendorRequestsAsync("pipefy", "/pipefy/graphql");

        var run = await kit.RunAsync(action, new { cardId = "303101" });

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("'cardId' must be text");
        (await kit.VendorRequestsAsync("pipefy", "/pipefy/graphql")).ShouldBe(before);
    }

    [Fact]
    public async Task A_move_pipefy_refuses_fails_the_run_naming_its_code_and_the_card_stays()
    {
        var (kit, accountId) = await ConnectedAsync();
        // The demo card 303102 is in Qualified with its required budget_confirmed empty.
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Proposal, cardIdField = "cardId" }, new { when = "Now" });

        var run = await kit.RunAsync(action, new { cardId = "303102" });

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("Pipes answered 200 BAD_REQUEST");
        run.GetProperty("error").GetString()!.ShouldContain("required fields empty");
        (await CardAsync(kit, "303102"))["current_phase"]!["id"]!.GetValue<string>().ShouldBe("302103");
    }

    [Fact]
    public async Task The_other_operations_read_the_dropdowns_update_the_card_add_records_and_send_its_email_template()
    {
        var (kit, accountId) = await ConnectedAsync();
        var cardId = await NewLeadAsync(kit, "Ops Co " + Guid.NewGuid().ToString("N")[..6]);
        var action = await kit.ActiveActionAsync("pipes.move-card", accountId, new { pipeId = SalesPipe, destinationPhaseId = Proposal, cardIdField = "cardId" }, new { when = "Now" });
        await kit.EditCodeAsync(action, _ => """
            const values = list => list.options.map(o => o.value).join(",");
            log("pipes " + values(await pipes.listPipes({})));
            log("phases " + (await pipes.listPhases({ pipeId: "301101" })).options.map(o => o.label).join(","));
            log("fields " + values(await pipes.listFields({ pipeId: "301101" })));
            log("qualified " + values(await pipes.listFields({ pipeId: "301101", phaseId: "302103" })));
            log("tables " + values(await pipes.listTables({})));
            log("templates " + values(await pipes.listEmailTemplates({ pipeId: "301101" })));
            const updated = await pipes.updateCard({ cardId: input.cardId, fields: { amount: "1200", email: "buyer@ops.example" }, title: "Ops Co (renamed)" });
            log("updated " + updated.title);
            const child = await pipes.createConnectedCard({ pipeId: "301102", parentCardId: input.cardId, title: "Onboarding", fields: { subject: "Onboarding" } });
            log("child " + child.cardId);
            const record = await pipes.createTableRecord({ tableId: "CUST0001", title: "Ops Co", fields: { name: "Ops Co", plan: "Pro" } });
            log("record " + record.recordId);
            const email = await pipes.sendEmailTemplate({ cardId: input.cardId, emailTemplateId: "305101" });
            log("email " + email.to.join(",") + " " + (email.emailId ? "sent" : "no id"));
            """);

        var run = await kit.RunAsync(action, new { cardId });

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var logs = (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).Where(l => !l.StartsWith("POST ", StringComparison.Ordinal)).ToList();
        logs[0].ShouldBe("pipes 301101,301102");
        logs[1].ShouldStartWith("phases Lead,Qualified,Proposal");
        logs[2].Split(' ')[1].Split(',').ShouldContain("customer_name");
        logs[3].Split(' ')[1].Split(',').ShouldContain("budget_confirmed");
        logs[4].ShouldContain("CUST0001");
        logs[5].ShouldBe("templates 305101,305102");
        logs[6].ShouldBe("updated Ops Co (renamed)");
        logs[9].ShouldBe("email buyer@ops.example sent");
        var card = (await PipefyAsync(kit, $$"""
            query { card(id: "{{cardId}}") { title fields { field { id } value } children { id title } inbox_emails { to subject } } }
            """))["card"]!;
        card["title"]!.GetValue<string>().ShouldBe("Ops Co (renamed)");
        card["fields"]!.AsArray().Single(f => f!["field"]!["id"]!.GetValue<string>() == "amount")!["value"]!.GetValue<string>().ShouldBe("1200");
        card["children"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(logs[7].Split(' ')[1]);
        card["inbox_emails"]!.AsArray().Single()!["to"]![0]!.GetValue<string>().ShouldBe("buyer@ops.example");
    }
}
