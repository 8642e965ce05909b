using System.Net;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Connectors;

/// <summary>The Wati connector: its operations' requests at the account's own endpoint, Wati's refusals in a 200, and its template run end to end against the local Wati.</summary>
public sealed class WatiTests(PlatformFixture platform)
{
    private static readonly Dictionary<string, string> Account = new() { ["endpoint"] = "https://live-mt-server.wati.io/123456", ["token"] = "wati-test-token" };

    private RecordedCalls Calls() => new(platform, "wati");

    private static Task<JsonNode?> RunAsync(RecordedCalls calls, string operation, string input) => calls.RunAsync(operation, input, Account);

    [Fact]
    public async Task A_template_message_goes_to_the_tenant_endpoint_with_the_number_digits_and_named_parameters()
    {
        var calls = Calls().Answer("""
            {"result":true,"error":null,"templateName":"order_update","receivers":[{"localMessageId":"6f1c","waId":"5511987654321","isValidWhatsAppNumber":true,"errors":[]}],"parameters":[]}
            """);

        var sent = await RunAsync(calls, "sendTemplateMessage", """{"whatsappNumber":"+55 11 98765-4321","templateName":"order_update","parameters":{"name":"Ada","order":"A-17"}}""");

        var request = calls.Requests.Single();
        request.Method.ShouldBe("POST");
        request.Url.AbsoluteUri.ShouldBe("https://live-mt-server.wati.io/123456/api/v1/sendTemplateMessage?whatsappNumber=5511987654321");
        request.Json!.ShouldBeJson("""{"template_name":"order_update","broadcast_name":"order_update","parameters":[{"name":"name","value":"Ada"},{"name":"order","value":"A-17"}]}""");
        sent!["whatsappNumber"]!.GetValue<string>().ShouldBe("5511987654321");
        sent["localMessageId"]!.GetValue<string>().ShouldBe("6f1c");
    }

    [Theory]
    [InlineData("""{"result":false,"info":"Template 'order_update' is not approved"}""", "Template 'order_update' is not approved")]
    [InlineData("""{"result":true,"receivers":[{"waId":"5511987654321","isValidWhatsAppNumber":false,"errors":[]}]}""", "INVALID_WHATSAPP_NUMBER")]
    [InlineData("""{"result":true,"validWhatsAppNumber":false}""", "not a valid WhatsApp number")]
    public async Task A_message_wati_refuses_in_a_200_answer_fails_with_watis_words(string answer, string words)
    {
        var calls = Calls().Answer(answer);

        var failed = await Should.ThrowAsync<ConnectorCallException>(() =>
            RunAsync(calls, "sendTemplateMessage", """{"whatsappNumber":"5511987654321","templateName":"order_update"}"""));

        failed.Message.ShouldContain(words);
    }

    [Fact]
    public async Task A_session_message_carries_its_text_in_the_query_and_a_401_without_body_says_why()
    {
        var calls = Calls().Answer("""{"ok":true,"result":"success","message":{"id":"m-1","text":"Hello"}}""").Answer("", HttpStatusCode.Unauthorized);

        var sent = await RunAsync(calls, "sendSessionMessage", """{"whatsappNumber":"5511987654321","messageText":"Olá & bem-vinda!"}""");
        var refused = await Should.ThrowAsync<ConnectorCallException>(() => RunAsync(calls, "sendSessionMessage", """{"whatsappNumber":"5511987654321","messageText":"Hi"}"""));

        calls.Requests[0].Url.AbsoluteUri.ShouldBe("https://live-mt-server.wati.io/123456/api/v1/sendSessionMessage/5511987654321?messageText=Ol%C3%A1%20%26%20bem-vinda%21");
        calls.Requests[0].Body.ShouldBeNull();
        sent!["messageId"]!.GetValue<string>().ShouldBe("m-1");
        refused.Message.ShouldStartWith("Wati answered 401 UNAUTHORIZED");
    }

    [Fact]
    public async Task Template_choices_are_the_approved_templates_of_every_page()
    {
        var page = (int from, int count, string status) => new JsonObject
        {
            ["result"] = "success",
            ["messageTemplates"] = new JsonArray([.. Enumerable.Range(from, count).Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = $"t{i}", ["elementName"] = $"template_{i}", ["status"] = i == from ? status : "APPROVED", ["category"] = "UTILITY",
                ["language"] = new JsonObject { ["key"] = "en", ["value"] = "English" },
                ["customParams"] = new JsonArray(new JsonObject { ["paramName"] = "name", ["paramValue"] = "Ada" }),
            })]),
        }.ToJsonString();
        var calls = Calls().Answer(page(0, 100, "REJECTED")).Answer(page(100, 3, "PENDING"));

        var choices = await RunAsync(calls, "templateOptions", "{}");

        calls.Requests.Select(r => r.Url.Query).ShouldBe(["?pageSize=100&pageNumber=1", "?pageSize=100&pageNumber=2"]);
        var options = choices!["options"]!.AsArray();
        options.Count.ShouldBe(101);
        options.Select(o => o!["value"]!.GetValue<string>()).ShouldNotContain("template_0");
        options.Select(o => o!["value"]!.GetValue<string>()).ShouldNotContain("template_100");
        options[0]!["label"]!.GetValue<string>().ShouldBe("template_1 · en · UTILITY");
    }

    [Fact]
    public async Task Contacts_are_read_a_page_at_a_time()
    {
        var calls = Calls().Answer("""
            {"result":"success","contact_list":[{"id":"c1","wAid":"5511987654321","fullName":"Ada Lovelace","phone":"5511987654321","contactStatus":"VALID","created":"2024-01-02","customParams":[{"name":"city","value":"London"}]}],"link":{"pageNumber":2,"pageSize":1,"total":3}}
            """);

        var page = await RunAsync(calls, "getContacts", """{"pageSize":1,"pageNumber":2}""");

        calls.Requests.Single().Url.Query.ShouldBe("?pageSize=1&pageNumber=2");
        page!["contacts"]![0]!["name"]!.GetValue<string>().ShouldBe("Ada Lovelace");
        page["contacts"]![0]!["attributes"]!["city"]!.GetValue<string>().ShouldBe("London");
        page["total"]!.GetValue<int>().ShouldBe(3);
        page["hasMore"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"whatsappNumber":"call me maybe","templateName":"order_update"}""", "'whatsappNumber': must be an international phone number")]
    [InlineData("""{"whatsappNumber":"5511987654321"}""", "'templateName'")]
    [InlineData("""{"whatsappNumber":"5511987654321","templateName":"order_update","parameters":{"name":3}}""", "'parameters.name' must be")]
    public async Task Input_that_breaks_the_schema_names_the_field_and_sends_nothing(string input, string problem)
    {
        var calls = Calls();

        var refused = await Should.ThrowAsync<OperationInputException>(() => RunAsync(calls, "sendTemplateMessage", input));

        refused.Message.ShouldContain(problem);
        calls.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_account_without_an_endpoint_is_told_to_enter_one()
    {
        var calls = Calls();

        var failed = await Should.ThrowAsync<ConnectorCallException>(() =>
            calls.RunAsync("listTemplates", "{}", new Dictionary<string, string> { ["token"] = "t" }));

        failed.Message.ShouldContain("no API endpoint");
        calls.Requests.ShouldBeEmpty();
    }

    // End to end: the platform's API, the host's pipeline and the local Wati (src/Modular.Simulators), tenant 1001.

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Endpoint => platform.Host.Simulators.Address + "wati/1001";

    private async Task<(ConnectorTestKit Kit, string AccountId)> ConnectedAsync()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);
        return (kit, await kit.ConnectTokenAccountAsync("wati", new { endpoint = Endpoint, token = "demo-wati-token" }, "Acme on Wati"));
    }

    private static readonly object OrderShipped = new
    {
        template = "order_shipped",
        phoneField = "customer.phone",
        parameters = new Dictionary<string, string> { ["name"] = "{{ input.customer.name }}", ["order_number"] = "{{ input.order }}" },
    };

    /// <summary>What the local Wati says was sent to a number (getMessages, newest first).</summary>
    private static async Task<JsonArray> MessagesToAsync(ConnectorTestKit kit, string number)
    {
        using var wati = kit.Vendor("demo-wati-token");
        return (await ConnectorTestKit.JsonAsync(await wati.GetAsync($"wati/1001/api/v1/getMessages/{number}", Cancel)))["messages"]!["items"]!.AsArray();
    }

    [Fact]
    public async Task A_token_wati_refuses_is_not_saved()
    {
        var kit = await ConnectorTestKit.StartAsync(platform);

        var refused = await (await kit.PostTokenAccountAsync("wati", new { endpoint = Endpoint, token = "not-a-wati-token" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var wrongTenant = await (await kit.PostTokenAccountAsync("wati", new { endpoint = Endpoint, token = "demo-wati-token-2" })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        refused.GetProperty("errors").GetProperty("/values")[0].GetString()!.ShouldContain("Wati refused the access token (401)");
        wrongTenant.GetProperty("errors").GetProperty("/values")[0].GetString()!.ShouldContain("Wati refused the access token (401)");
        (await (await kit.Client.GetAsync("/api/accounts?connector=wati", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task Send_a_template_message_sends_it_to_the_number_in_the_input_with_its_parameters()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("wati.send-template-message", accountId, OrderShipped, new { audience = "Customers whose order shipped" });

        var run = await kit.RunAsync(action, new { customer = new { phone = "+44 7700 900123", name = "Ada" }, order = "A-17" });

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var message = (await MessagesToAsync(kit, "447700900123")).First()!;
        message["templateName"]!.GetValue<string>().ShouldBe("order_shipped");
        message["text"]!.GetValue<string>().ShouldContain("Ada");
        message["text"]!.GetValue<string>().ShouldContain("A-17");
        (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).Last().ShouldStartWith("Wati accepted the message to 447700900123");
    }

    [Fact]
    public async Task A_number_that_breaks_the_operation_schema_fails_the_run_naming_the_field_and_sends_nothing()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("wati.send-template-message", accountId, OrderShipped, new { audience = "Customers" });
        var before = await kit.VendorRequestsAsync("wati", "sendTemplateMessage");

        var run = await kit.RunAsync(action, new { customer = new { phone = "call me maybe", name = "Ada" }, order = "A-17" });

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("'whatsappNumber': must be an international phone number");
        (await kit.VendorRequestsAsync("wati", "sendTemplateMessage")).ShouldBe(before);
    }

    [Fact]
    public async Task A_template_wati_refuses_fails_the_run_with_watis_words()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("wati.send-template-message", accountId,
            new { template = "summer_sale", phoneField = "phone" }, new { audience = "Everyone" });

        var run = await kit.RunAsync(action, new { phone = "447700900124" });

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("Wati answered 200");
        run.GetProperty("error").GetString()!.ShouldContain("summer_sale");
        (await MessagesToAsync(kit, "447700900124")).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_other_operations_list_templates_and_contacts_and_reply_within_the_open_session()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("wati.send-template-message", accountId, OrderShipped, new { audience = "Customers" });
        await kit.EditCodeAsync(action, _ => """
            const { templates } = await wati.listTemplates({});
            log("templates " + templates.map(t => t.name + ":" + t.status).join(","));
            log("choices " + (await wati.templateOptions({})).options.map(o => o.value).join(","));
            const first = await wati.getContacts({ pageSize: 2 });
            const second = await wati.getContacts({ pageSize: 2, pageNumber: 3 });
            log("contacts " + first.contacts.map(c => c.whatsappNumber).join(",") + " more " + first.hasMore + " last " + second.hasMore);
            const reply = await wati.sendSessionMessage({ whatsappNumber: "+44 7700 900001", messageText: "Thanks, Ada!" });
            log("reply " + reply.whatsappNumber + " " + (reply.messageId ? "with id" : "without id"));
            """);

        var run = await kit.RunAsync(action);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var logs = (await kit.LogsAsync(ConnectorTestKit.IdOf(run))).Where(l => !l.StartsWith("GET ", StringComparison.Ordinal) && !l.StartsWith("POST ", StringComparison.Ordinal)).ToList();
        logs[0].ShouldContain("order_shipped:APPROVED");
        logs[0].ShouldContain("summer_sale:PENDING");
        logs[1].ShouldBe("choices order_shipped,appointment_reminder,welcome");
        logs[2].ShouldStartWith("contacts 447700900001,447700900002 more true last false");
        logs[3].ShouldBe("reply 447700900001 with id");
        (await MessagesToAsync(kit, "447700900001")).First()!["text"]!.GetValue<string>().ShouldBe("Thanks, Ada!");
    }

    [Fact]
    public async Task A_session_message_outside_the_24_hour_window_fails_with_watis_words()
    {
        var (kit, accountId) = await ConnectedAsync();
        var action = await kit.ActiveActionAsync("wati.send-template-message", accountId, OrderShipped, new { audience = "Customers" });
        await kit.EditCodeAsync(action, _ => """await wati.sendSessionMessage({ whatsappNumber: "447700900002", messageText: "Hello?" });""");

        var run = await kit.RunAsync(action);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString()!.ShouldContain("24 hour session window is closed");
    }
}
