using System.Net;
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
}
