using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Modular.Tests.Simulators;

/// <summary>
/// The Pipefy simulator's GraphQL API over HTTP: real GraphQL documents (variables, aliases, fragments), state
/// kept per organisation, Pipefy's error shapes, and webhooks delivered to a loopback listener.
/// </summary>
public sealed class PipefyApiTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string Acme = "demo-pipefy-token";
    private const string Globex = "demo-pipefy-token-2";
    private const string SalesPipe = "301101";
    private const string SupportPipe = "301102";
    private const string Lead = "302102";
    private const string Qualified = "302103";
    private const string Proposal = "302104";
    private const string Customers = "CUST0001";

    private const string CardFields = """
        fragment CardParts on Card {
          id uuid title done
          pipe { id }
          current_phase { id name }
          fields { name value field { id label } }
        }
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private static string Unique(string what) => $"{what} {Guid.NewGuid():N}";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string? token, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "pipefy/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Cancel);
    }

    /// <summary>Every GraphQL answer, errors included, is HTTP 200.</summary>
    private async Task<JsonElement> GraphQLAsync(string query, object? variables = null, string token = Acme) =>
        await (await PostAsync(Http, token, query, variables)).JsonAsync(HttpStatusCode.OK);

    private async Task<JsonElement> DataAsync(string query, object? variables = null, string token = Acme)
    {
        var answer = await GraphQLAsync(query, variables, token);
        answer.TryGetProperty("errors", out var errors).ShouldBeFalse(errors.ToString());
        return answer.GetProperty("data");
    }

    private static JsonElement Error(JsonElement answer, string code)
    {
        var error = answer.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("extensions").Text("code").ShouldBe(code);
        error.GetProperty("extensions").Text("correlation_id").ShouldNotBeNullOrEmpty();
        error.Text("message").ShouldNotBeNullOrEmpty();
        return error;
    }

    private async Task<JsonElement> CreateCardAsync(string title, string pipe = SalesPipe, string? phase = null, string customer = "Contoso", string[]? parents = null)
    {
        var data = await DataAsync($$"""
            mutation Create($input: CreateCardInput!) { createCard(input: $input) { clientMutationId card { ...CardParts } } }
            {{CardFields}}
            """, new
        {
            input = new
            {
                pipe_id = pipe,
                phase_id = phase,
                title,
                parent_ids = parents,
                clientMutationId = "create-1",
                fields_attributes = pipe == SalesPipe
                    ? new object[] { new { field_id = "customer_name", field_value = customer }, new { field_id = "email", field_value = "buyer@contoso.example" }, new { field_id = "amount", field_value = 2500 } }
                    : [new { field_id = "subject", field_value = title }, new { field_id = "priority", field_value = "Low" }],
            },
        });
        data.GetProperty("createCard").Text("clientMutationId").ShouldBe("create-1");
        return data.GetProperty("createCard").GetProperty("card");
    }

    private Task<JsonElement> MoveAsync(string card, string phase) =>
        GraphQLAsync("mutation ($c: ID!, $p: ID!) { moveCardToPhase(input: {card_id: $c, destination_phase_id: $p}) { card { id current_phase { id name } } } }", new { c = card, p = phase });

    private static List<JsonElement> Nodes(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node"))];

    [Fact]
    public async Task A_pipe_shows_its_start_form_phases_and_fields_to_a_query_with_aliases_and_fragments()
    {
        var data = await DataAsync("""
            query Pipe($id: ID!) {
              sales: pipe(id: $id) { ...PipeParts }
              me { name email }
            }
            fragment PipeParts on Pipe {
              id name startFormPhaseId
              start_form_fields { id label required type }
              phases { id name done cards_count fields { id label required } cards_can_be_moved_to_phases { id } }
              organization { id name }
            }
            """, new { id = SalesPipe });

        var pipe = data.GetProperty("sales");
        pipe.Text("name").ShouldBe("Sales pipeline");
        pipe.Text("startFormPhaseId").ShouldBe("302101");
        pipe.GetProperty("organization").Text("id").ShouldBe("300001");
        var form = pipe.GetProperty("start_form_fields").EnumerateArray().ToList();
        form.Select(f => f.Text("label")).ShouldBe(["Customer name", "Email", "Amount"]);
        form[0].GetProperty("required").GetBoolean().ShouldBeTrue();
        var phases = pipe.GetProperty("phases").EnumerateArray().ToList();
        phases.Select(p => p.Text("name")).ShouldBe(["Lead", "Qualified", "Proposal", "Won", "Lost"]);
        phases.Select(p => p.Text("id")).ShouldBe([Lead, Qualified, Proposal, "302105", "302106"]);
        phases[1].GetProperty("fields")[0].GetProperty("required").GetBoolean().ShouldBeTrue();
        phases[3].GetProperty("done").GetBoolean().ShouldBeTrue();
        data.GetProperty("me").Text("name").ShouldBe("Ada Lovelace");
    }

    [Fact]
    public async Task A_created_card_is_in_its_pipe_and_phase_with_its_field_values()
    {
        var title = Unique("Contoso deal");

        var card = await CreateCardAsync(title);

        card.Text("title").ShouldBe(title);
        card.GetProperty("pipe").Text("id").ShouldBe(SalesPipe);
        card.GetProperty("current_phase").Text("id").ShouldBe(Lead);
        card.GetProperty("fields").EnumerateArray().Select(f => (f.GetProperty("field").Text("id"), f.Text("value")))
            .ShouldBe([("customer_name", "Contoso"), ("email", "buyer@contoso.example"), ("amount", "2500")]);
        var found = await DataAsync("""
            query ($pipe: ID!, $title: String, $phase: ID!, $card: ID!) {
              cards(pipe_id: $pipe, search: {title: $title}) { edges { node { id } } }
              phase(id: $phase) { cards(first: 50) { edges { node { id } } } }
              card(id: $card) { title created_at }
            }
            """, new { pipe = SalesPipe, title, phase = Lead, card = card.Text("id") });
        Nodes(found.GetProperty("cards")).ShouldHaveSingleItem().Text("id").ShouldBe(card.Text("id"));
        Nodes(found.GetProperty("phase").GetProperty("cards")).ShouldContain(n => n.GetProperty("id").GetString() == card.Text("id"));
        found.GetProperty("card").Text("title").ShouldBe(title);

        var inProposal = await CreateCardAsync(Unique("Direct"), phase: Proposal);
        inProposal.GetProperty("current_phase").Text("name").ShouldBe("Proposal");
    }

    [Fact]
    public async Task Concurrent_creates_each_get_their_own_card()
    {
        var prefix = Unique("Parallel");

        var cards = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => CreateCardAsync($"{prefix} {i}")));

        cards.Select(c => c.Text("id")).Distinct().Count().ShouldBe(10);
        var found = Nodes((await DataAsync("query ($t: String) { cards(pipe_id: 301101, search: {title: $t}) { edges { node { id } } } }", new { t = prefix })).GetProperty("cards"));
        found.Select(n => n.Text("id")).ShouldBe(cards.Select(c => c.Text("id")), ignoreOrder: true);
    }

    [Fact]
    public async Task A_card_missing_a_required_start_form_field_is_not_created()
    {
        var answer = await GraphQLAsync("""mutation { createCard(input: {pipe_id: 301101, title: "No customer"}) { card { id } } }""");

        Error(answer, "BAD_REQUEST").Text("message").ShouldContain("Customer name");
        answer.GetProperty("data").GetProperty("createCard").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_move_needs_the_phases_required_fields_and_a_phase_of_the_same_pipe()
    {
        var card = (await CreateCardAsync(Unique("Mover"))).Text("id");

        (await MoveAsync(card, Qualified)).GetProperty("data").GetProperty("moveCardToPhase").GetProperty("card").GetProperty("current_phase").Text("name").ShouldBe("Qualified");

        var blocked = await MoveAsync(card, Proposal);
        Error(blocked, "BAD_REQUEST").Text("message").ShouldBe("Probably, you have required fields empty in your card");
        blocked.GetProperty("data").GetProperty("moveCardToPhase").ValueKind.ShouldBe(JsonValueKind.Null);
        var otherPipe = await MoveAsync(card, "302112");
        Error(otherPipe, "BAD_REQUEST");

        var updated = await DataAsync("""mutation ($c: ID!) { updateCardField(input: {card_id: $c, field_id: "budget_confirmed", new_value: "Yes"}) { success card { fields { field { id } value } } } }""", new { c = card });
        updated.GetProperty("updateCardField").GetProperty("success").GetBoolean().ShouldBeTrue();
        var moved = await MoveAsync(card, Proposal);
        moved.GetProperty("data").GetProperty("moveCardToPhase").GetProperty("card").GetProperty("current_phase").Text("id").ShouldBe(Proposal);

        var history = await DataAsync("query ($c: ID!) { card(id: $c) { current_phase { name } phases_history { phase { name } firstTimeIn lastTimeOut } } }", new { c = card });
        history.GetProperty("card").GetProperty("current_phase").Text("name").ShouldBe("Proposal");
        history.GetProperty("card").GetProperty("phases_history").EnumerateArray().Select(v => v.GetProperty("phase").Text("name")).ShouldBe(["Lead", "Qualified", "Proposal"]);
    }

    [Fact]
    public async Task Field_values_update_a_card_and_unknown_fields_come_back_as_user_errors()
    {
        var card = (await CreateCardAsync(Unique("Values"))).Text("id");

        var data = await DataAsync("""
            mutation ($input: UpdateFieldsValuesInput!) {
              updateFieldsValues(input: $input) {
                success
                userErrors { field message }
                updatedNode { __typename ... on Card { id fields { field { id } value } } }
              }
            }
            """, new { input = new { nodeId = card, values = new object[] { new { fieldId = "amount", value = 9000 }, new { fieldId = "no_such_field", value = "x" } } } });

        var result = data.GetProperty("updateFieldsValues");
        result.GetProperty("success").GetBoolean().ShouldBeFalse();
        result.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem().Text("field").ShouldBe("no_such_field");
        var node = result.GetProperty("updatedNode");
        node.Text("__typename").ShouldBe("Card");
        node.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").Text("id") == "amount").Text("value").ShouldBe("9000");
    }

    [Fact]
    public async Task A_card_can_be_renamed_and_deleted()
    {
        var card = (await CreateCardAsync(Unique("Rename me"))).Text("id");
        var title = Unique("Renamed");

        var updated = await DataAsync("mutation ($c: ID!, $t: String) { updateCard(input: {id: $c, title: $t, label_ids: [\"307101\"], assignee_ids: [\"306102\"]}) { card { title labels { name } assignees { name } } } }", new { c = card, t = title });
        updated.GetProperty("updateCard").GetProperty("card").Text("title").ShouldBe(title);
        updated.GetProperty("updateCard").GetProperty("card").GetProperty("labels")[0].Text("name").ShouldBe("Hot");
        updated.GetProperty("updateCard").GetProperty("card").GetProperty("assignees")[0].Text("name").ShouldBe("Alan Turing");

        (await DataAsync("mutation ($c: ID!) { deleteCard(input: {id: $c}) { success } }", new { c = card })).GetProperty("deleteCard").GetProperty("success").GetBoolean().ShouldBeTrue();
        Error(await GraphQLAsync("query ($c: ID!) { card(id: $c) { id } }", new { c = card }), "RESOURCE_NOT_FOUND");
    }

    [Fact]
    public async Task A_connected_card_has_its_parent_and_the_parent_its_child()
    {
        var parent = (await CreateCardAsync(Unique("Parent deal"))).Text("id");

        var child = await DataAsync("""
            mutation ($input: CreateCardInput!) { createCard(input: $input) { card { id parents { id } parent_relations { pipe { id } cards { id } } } } }
            """, new { input = new { pipe_id = SupportPipe, parent_ids = new[] { parent }, fields_attributes = new[] { new { field_id = "subject", field_value = "Onboarding" } } } });

        var card = child.GetProperty("createCard").GetProperty("card");
        card.GetProperty("parents").EnumerateArray().ShouldHaveSingleItem().Text("id").ShouldBe(parent);
        card.GetProperty("parent_relations")[0].GetProperty("pipe").Text("id").ShouldBe(SalesPipe);
        var relations = await DataAsync("query ($c: ID!) { card(id: $c) { children { id } child_relations { name pipe { id } cards { id title } } } }", new { c = parent });
        relations.GetProperty("card").GetProperty("children").EnumerateArray().ShouldHaveSingleItem().Text("id").ShouldBe(card.Text("id"));
        relations.GetProperty("card").GetProperty("child_relations")[0].GetProperty("cards")[0].Text("title").ShouldBe("Onboarding");
    }

    [Fact]
    public async Task Cards_page_with_first_and_after_to_the_end()
    {
        var prefix = Unique("Paged");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await CreateCardAsync($"{prefix} {i}")).Text("id"));

        var seen = new List<string>();
        string? after = null;
        bool more;
        do
        {
            var page = (await DataAsync("query ($after: String, $title: String) { cards(pipe_id: 301101, first: 2, after: $after, search: {title: $title}) { pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }", new { after, title = prefix })).GetProperty("cards");
            seen.AddRange(Nodes(page).Select(n => n.Text("id")));
            more = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean();
            after = page.GetProperty("pageInfo").Text("endCursor");
        }
        while (more);

        seen.ShouldBe(ids);
        Error(await GraphQLAsync("{ cards(pipe_id: 301101, after: \"bm90LWEtY2FyZA==\") { edges { node { id } } } }"), "BAD_REQUEST");
    }

    [Fact]
    public async Task A_created_table_record_can_be_read_back_and_paged_to()
    {
        var name = Unique("Globodyne");

        var created = await DataAsync("""
            mutation ($input: CreateTableRecordInput!) { createTableRecord(input: $input) { table_record { id title record_fields { name value field { id } } } } }
            """, new { input = new { table_id = Customers, fields_attributes = new[] { new { field_id = "name", field_value = name }, new { field_id = "plan", field_value = "Free" } } } });

        var record = created.GetProperty("createTableRecord").GetProperty("table_record");
        record.Text("title").ShouldBe(name);
        var read = await DataAsync("query ($id: ID!) { table_record(id: $id) { title table { id name } record_fields { name value } } }", new { id = record.Text("id") });
        read.GetProperty("table_record").GetProperty("table").Text("name").ShouldBe("Customers");
        read.GetProperty("table_record").GetProperty("record_fields").EnumerateArray().Select(f => (f.Text("name"), f.Text("value"))).ShouldBe([("Name", name), ("Plan", "Free")]);

        var seen = new List<string>();
        string? after = null;
        bool more;
        do
        {
            var page = (await DataAsync("query ($after: String) { table_records(table_id: \"CUST0001\", first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id title } } } }", new { after })).GetProperty("table_records");
            seen.AddRange(Nodes(page).Select(n => n.Text("id")));
            more = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean();
            after = page.GetProperty("pageInfo").Text("endCursor");
        }
        while (more);
        seen.ShouldContain(record.Text("id"));
        seen.ShouldContain("304101");

        Error(await GraphQLAsync("mutation { createTableRecord(input: {table_id: \"CUST0001\", fields_attributes: [{field_id: \"plan\", field_value: \"Pro\"}]}) { table_record { id } } }"), "BAD_REQUEST");
    }

    [Fact]
    public async Task An_email_from_a_template_is_sent_and_kept_on_the_card()
    {
        var card = await CreateCardAsync(Unique("Mail me"), customer: "Fabrikam");
        var templates = Nodes((await DataAsync("{ emailTemplates(repoId: 301101, first: 10) { edges { node { id name subject fromEmail toEmail repoId } } } }")).GetProperty("emailTemplates"));
        templates.Select(t => t.Text("name")).ShouldBe(["Proposal follow-up", "Welcome"]);

        var parsed = (await DataAsync("query ($t: ID!, $u: ID) { parsedEmailTemplate(emailTemplateId: $t, cardUuid: $u) { subject body fromEmail toEmail } }",
            new { t = templates[0].Text("id"), u = card.Text("uuid") })).GetProperty("parsedEmailTemplate");
        parsed.Text("subject").ShouldBe($"Your proposal: {card.Text("title")}");
        parsed.Text("body").ShouldStartWith("Hello Fabrikam,");
        parsed.Text("toEmail").ShouldBe("buyer@contoso.example");

        var sent = await DataAsync("""
            mutation ($input: CreateAndSendInboxEmailInput!) { createAndSendInboxEmail(input: $input) { emailSent errors inboxEmail { id } } }
            """, new { input = new { cardId = card.Text("id"), repoId = SalesPipe, from = parsed.Text("fromEmail"), to = new[] { parsed.Text("toEmail") }, subject = parsed.Text("subject"), text = parsed.Text("body") } });
        var result = sent.GetProperty("createAndSendInboxEmail");
        result.GetProperty("emailSent").GetBoolean().ShouldBeTrue();
        result.GetProperty("errors").GetArrayLength().ShouldBe(0);

        var emails = (await DataAsync("query ($c: ID!) { card(id: $c) { inbox_emails { id from to subject body type } } }", new { c = card.Text("id") })).GetProperty("card").GetProperty("inbox_emails");
        var email = emails.EnumerateArray().ShouldHaveSingleItem();
        email.Text("id").ShouldBe(result.GetProperty("inboxEmail").Text("id"));
        email.Text("subject").ShouldBe(parsed.Text("subject"));
        email.GetProperty("to")[0].GetString().ShouldBe("buyer@contoso.example");
        email.Text("type").ShouldBe("sent");

        var refused = await DataAsync("mutation ($c: ID!) { createAndSendInboxEmail(input: {cardId: $c, from: \"me\", to: [\"you@x.example\"], subject: \"s\"}) { emailSent errors } }", new { c = card.Text("id") });
        refused.GetProperty("createAndSendInboxEmail").GetProperty("emailSent").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Unknown_ids_another_organisations_ids_and_bad_documents_get_pipefys_errors()
    {
        var unknown = await GraphQLAsync("{ card(id: 999999) { id } }");
        var error = Error(unknown, "RESOURCE_NOT_FOUND");
        error.GetProperty("path")[0].GetString().ShouldBe("card");
        error.GetProperty("locations")[0].GetProperty("line").GetInt32().ShouldBe(1);
        unknown.GetProperty("data").GetProperty("card").ValueKind.ShouldBe(JsonValueKind.Null);

        Error(await GraphQLAsync("{ card(id: 303101) { id } }", token: Globex), "PERMISSION_DENIED").Text("message").ShouldBe("Permission denied");
        Error(await GraphQLAsync("{ pipe(id: 301101) { id } }", token: Globex), "PERMISSION_DENIED");
        Error(await MoveAsync("303101", "302202"), "PERMISSION_DENIED");

        var syntax = await GraphQLAsync("{ card(id: 1) { id ");
        syntax.GetProperty("errors")[0].GetProperty("extensions").Text("code").ShouldBe("SYNTAX_ERROR");
        syntax.TryGetProperty("data", out _).ShouldBeFalse();
        (await GraphQLAsync("{ card(id: 303101) { no_such_field } }")).GetProperty("errors")[0].Text("message").ShouldContain("no_such_field");
    }

    [Fact]
    public async Task A_missing_or_unknown_token_is_unauthorized()
    {
        foreach (var token in new[] { null, "not-a-pipefy-token" })
        {
            using var answer = await PostAsync(Http, token, "{ me { id } }");
            var body = await answer.JsonAsync(HttpStatusCode.Unauthorized);
            body.GetProperty("errors")[0].Text("message").ShouldBe("Unauthorized");
            body.GetProperty("errors")[0].GetProperty("extensions").Text("code").ShouldBe("UNAUTHORIZED");
        }
    }

    [Fact]
    public async Task Each_organisation_sees_its_own_pipes_tables_and_cards()
    {
        var acmeCard = (await CreateCardAsync(Unique("Acme only"))).Text("id");

        var globex = await DataAsync("{ me { name } organizations { id name pipes { id name } tables { edges { node { id name } } } } }", token: Globex);

        globex.GetProperty("me").Text("name").ShouldBe("Grace Hopper");
        var org = globex.GetProperty("organizations").EnumerateArray().ShouldHaveSingleItem();
        org.Text("id").ShouldBe("300002");
        org.Text("name").ShouldBe("Globex");
        org.GetProperty("pipes").EnumerateArray().Select(p => p.Text("id")).ShouldBe(["301201", "301202"]);
        Nodes(org.GetProperty("tables")).ShouldHaveSingleItem().Text("id").ShouldBe("CUST0002");
        var cards = Nodes((await DataAsync("{ cards(pipe_id: 301201) { edges { node { id title } } } }", token: Globex)).GetProperty("cards"));
        cards.ShouldNotContain(c => c.GetProperty("id").GetString() == acmeCard);
        cards.ShouldContain(c => c.GetProperty("title").GetString() == "Kwik-E-Mart expansion");
        Error(await GraphQLAsync("{ organization(id: 300001) { id } }", token: Globex), "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Card_created_and_moved_webhooks_are_posted_to_the_subscribed_url()
    {
        await using var listener = await WebhookListener.StartAsync();
        var webhook = await DataAsync("""
            mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id name url actions } } }
            """, new { input = new { pipe_id = SupportPipe, name = "tests", url = listener.Url, actions = new[] { "card.create", "card.move" } } });
        var created = webhook.GetProperty("createWebhook").GetProperty("webhook");
        created.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ShouldBe(["card.create", "card.move"]);
        var suid = (await DataAsync("{ pipe(id: 301102) { suid webhooks { id url } } }")).GetProperty("pipe");
        suid.GetProperty("webhooks").EnumerateArray().ShouldContain(w => w.GetProperty("id").GetString() == created.Text("id"));

        var card = await CreateCardAsync(Unique("Hooked"), pipe: SupportPipe);
        var id = long.Parse(card.Text("id"), System.Globalization.CultureInfo.InvariantCulture);
        var onCreate = await listener.NextAsync(p => p.GetProperty("data").GetProperty("card").GetProperty("id").GetInt64() == id);
        var data = onCreate.GetProperty("data");
        data.Text("action").ShouldBe("card.create");
        data.GetProperty("card").Text("title").ShouldBe(card.Text("title"));
        data.GetProperty("card").Text("pipe_id").ShouldBe(suid.Text("suid"));
        data.GetProperty("on_phase").Text("name").ShouldBe("New");
        data.GetProperty("created_by").Text("email").ShouldBe("ada@acme.example");

        (await MoveAsync(card.Text("id"), "302113")).TryGetProperty("errors", out _).ShouldBeFalse();
        var onMove = (await listener.NextAsync(p => p.GetProperty("data").Text("action") == "card.move" && p.GetProperty("data").GetProperty("card").GetProperty("id").GetInt64() == id)).GetProperty("data");
        onMove.GetProperty("from").Text("name").ShouldBe("New");
        onMove.GetProperty("to").Text("name").ShouldBe("In progress");
        onMove.GetProperty("to").GetProperty("id").GetInt64().ShouldBe(302113);
        onMove.GetProperty("moved_by").Text("name").ShouldBe("Ada Lovelace");

        (await DataAsync("mutation ($id: ID!) { deleteWebhook(input: {id: $id}) { success } }", new { id = created.Text("id") })).GetProperty("deleteWebhook").GetProperty("success").GetBoolean().ShouldBeTrue();
        Error(await GraphQLAsync("mutation { createWebhook(input: {pipe_id: 301102, name: \"x\", url: \"ftp://example.com/\", actions: [\"card.create\"]}) { webhook { id } } }"), "BAD_REQUEST");
    }

    /// <summary>A loopback HTTP listener that keeps every JSON body posted to it.</summary>
    private sealed class WebhookListener : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();

        private WebhookListener(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public static async Task<WebhookListener> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var listener = new WebhookListener(app);
            app.MapPost("/hooks", async (HttpRequest request) =>
            {
                listener._received.Writer.TryWrite(await JsonSerializer.DeserializeAsync<JsonElement>(request.Body));
                return Results.Ok();
            });
            await app.StartAsync();
            listener.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/hooks";
            return listener;
        }

        /// <summary>The first payload received that matches, waiting up to 10 seconds.</summary>
        public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (true)
            {
                var payload = await _received.Reader.ReadAsync(timeout.Token);
                if (match(payload)) return payload;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
