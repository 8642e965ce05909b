using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Simulators;

/// <summary>
/// The Wati simulator over HTTP: each tenant's API endpoint is /wati/{tenantId}, its static token opens only that
/// tenant, and a template message sent is in the number's messages afterwards.
/// </summary>
public sealed class WatiApiTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string Acme = "wati/1001";
    private const string Globex = "wati/1002";
    private const string AcmeToken = "demo-wati-token";
    private const string GlobexToken = "demo-wati-token-2";
    /// <summary>Acme's demo contact whose 24-hour session is open.</summary>
    private const string OpenSession = "447700900001";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    /// <summary>A number no other test uses: the simulator adds it as a contact on its first message.</summary>
    private static string NewNumber() => "4479" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999);

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, Cancel);
    }

    private async Task<JsonElement> GetAsync(string path, string token = AcmeToken) =>
        await (await SendAsync(Http, HttpMethod.Get, path, token)).JsonAsync(HttpStatusCode.OK);

    private async Task<JsonElement> PostAsync(string path, object? body, string token = AcmeToken) =>
        await (await SendAsync(Http, HttpMethod.Post, path, token, body)).JsonAsync(HttpStatusCode.OK);

    private Task<JsonElement> SendTemplateAsync(string number, string template, params (string Name, string Value)[] parameters) =>
        PostAsync($"{Acme}/api/v1/sendTemplateMessage?whatsappNumber={number}", new
        {
            template_name = template,
            broadcast_name = "tests",
            parameters = parameters.Select(p => new { name = p.Name, value = p.Value }),
        });

    private static List<JsonElement> Items(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray()];

    [Fact]
    public async Task Templates_are_listed_with_their_status_parameters_and_bodies()
    {
        var answer = await GetAsync($"{Acme}/api/v1/getMessageTemplates");

        answer.Text("result").ShouldBe("success");
        var templates = Items(answer, "messageTemplates");
        templates.Select(t => t.Text("elementName")).ShouldBe(["order_shipped", "appointment_reminder", "welcome", "summer_sale"]);
        var shipped = templates[0];
        shipped.Text("id").ShouldNotBeNullOrEmpty();
        shipped.Text("status").ShouldBe("APPROVED");
        shipped.Text("category").ShouldBe("UTILITY");
        shipped.GetProperty("language").Text("value").ShouldBe("en");
        shipped.Text("body").ShouldBe("Hello {{name}}, your Acme order {{order_number}} has shipped");
        shipped.Text("bodyOriginal").ShouldBe("Hello {{1}}, your Acme order {{2}} has shipped");
        Items(shipped, "customParams").Select(p => p.Text("paramName")).ShouldBe(["name", "order_number"]);
        templates[3].Text("status").ShouldBe("PENDING");

        var pages = new List<string>();
        int? page = 1;
        while (page is not null)
        {
            var part = await GetAsync($"{Acme}/api/v1/getMessageTemplates?pageSize=3&pageNumber={page}");
            pages.AddRange(Items(part, "messageTemplates").Select(t => t.Text("elementName")));
            var next = part.GetProperty("link").GetProperty("nextPage");
            page = next.ValueKind == JsonValueKind.Null ? null : next.GetInt32();
        }
        pages.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_template_message_sent_is_in_the_numbers_messages_and_adds_the_contact()
    {
        var number = NewNumber();

        var sent = await SendTemplateAsync(number, "order_shipped", ("name", "Grace"), ("order_number", "A-1042"));

        sent.GetProperty("result").GetBoolean().ShouldBeTrue(sent.ToString());
        sent.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
        sent.Text("templateName").ShouldBe("order_shipped");
        var receiver = Items(sent, "receivers").ShouldHaveSingleItem();
        receiver.Text("waId").ShouldBe(number);
        receiver.GetProperty("isValidWhatsAppNumber").GetBoolean().ShouldBeTrue();
        receiver.Text("localMessageId").ShouldNotBeNullOrEmpty();
        Items(receiver, "errors").ShouldBeEmpty();
        Items(sent, "parameters").Count.ShouldBe(2);

        var messages = await GetAsync($"{Acme}/api/v1/getMessages/{number}");
        messages.Text("result").ShouldBe("success");
        var message = Items(messages.GetProperty("messages"), "items").ShouldHaveSingleItem();
        message.Text("text").ShouldBe("Hello Grace, your Acme order A-1042 has shipped");
        message.Text("templateName").ShouldBe("order_shipped");
        message.Text("localMessageId").ShouldBe(receiver.Text("localMessageId"));
        message.GetProperty("owner").GetBoolean().ShouldBeTrue();

        var contacts = Items(await GetAsync($"{Acme}/api/v1/getContacts?name={number}"), "contact_list");
        contacts.ShouldHaveSingleItem().Text("wAid").ShouldBe(number);
    }

    [Fact]
    public async Task A_template_send_is_refused_for_an_unknown_or_unapproved_template_a_missing_parameter_or_a_bad_number()
    {
        var number = NewNumber();

        var unknown = await SendTemplateAsync(number, "no_such_template");
        unknown.GetProperty("result").GetBoolean().ShouldBeFalse();
        unknown.Text("info").ShouldBe("Template not found");

        var pending = await SendTemplateAsync(number, "summer_sale", ("name", "Ada"), ("date", "June 1"));
        pending.GetProperty("result").GetBoolean().ShouldBeFalse();
        pending.Text("info").ShouldContain("not approved");

        var missing = await SendTemplateAsync(number, "order_shipped", ("name", "Ada"));
        missing.GetProperty("result").GetBoolean().ShouldBeFalse();
        missing.Text("info").ShouldContain("order_number");

        foreach (var bad in new[] { "12ab5678901", "1234567", "1234567890123456" })
        {
            var invalid = await PostAsync($"{Acme}/api/v1/sendTemplateMessage?whatsappNumber={bad}", new { template_name = "welcome", broadcast_name = "tests", parameters = Array.Empty<object>() });
            var receiver = Items(invalid, "receivers").ShouldHaveSingleItem();
            receiver.GetProperty("isValidWhatsAppNumber").GetBoolean().ShouldBeFalse();
            Items(receiver, "errors").ShouldNotBeEmpty();
        }

        Items((await GetAsync($"{Acme}/api/v1/getMessages/{number}")).GetProperty("messages"), "items").ShouldBeEmpty();
        (await SendAsync(Http, HttpMethod.Post, $"{Acme}/api/v1/sendTemplateMessage?whatsappNumber={number}", AcmeToken, new { broadcast_name = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_session_message_goes_to_a_contact_who_wrote_in_the_last_24_hours_only()
    {
        var text = $"Your refund is on its way {Guid.NewGuid():N}";

        var sent = await PostAsync($"{Acme}/api/v1/sendSessionMessage/{OpenSession}?messageText={Uri.EscapeDataString(text)}", null);

        sent.Text("result").ShouldBe("success");
        sent.GetProperty("message").Text("text").ShouldBe(text);
        var items = Items((await GetAsync($"{Acme}/api/v1/getMessages/{OpenSession}")).GetProperty("messages"), "items");
        items[0].Text("text").ShouldBe(text);
        items.ShouldContain(m => !m.GetProperty("owner").GetBoolean(), "the contact's own message that opened the session");

        var closed = await PostAsync($"{Acme}/api/v1/sendSessionMessage/447700900002?messageText=hello", null);
        closed.GetProperty("result").GetBoolean().ShouldBeFalse();
        closed.Text("info").ShouldContain("24 hour");
    }

    [Fact]
    public async Task A_contacts_inbound_message_opens_its_session()
    {
        var number = NewNumber();
        (await PostAsync($"{Acme}/api/v1/sendSessionMessage/{number}?messageText=hi", null)).GetProperty("result").GetBoolean().ShouldBeFalse();

        (await Http.PostAsync($"_simulator/{Acme}/inbound", JsonContent.Create(new { whatsappNumber = number, text = "Hello?" }), Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await PostAsync($"{Acme}/api/v1/sendSessionMessage/{number}?messageText=hi", null)).Text("result").ShouldBe("success");
    }

    [Fact]
    public async Task Contacts_page_to_the_end_and_filter_by_name_and_attribute()
    {
        var all = new List<JsonElement>();
        int? page = 1;
        while (page is not null)
        {
            var part = await GetAsync($"{Acme}/api/v1/getContacts?pageSize=2&pageNumber={page}");
            part.Text("result").ShouldBe("success");
            all.AddRange(Items(part, "contact_list"));
            var next = part.GetProperty("link").GetProperty("nextPage");
            page = next.ValueKind == JsonValueKind.Null ? null : next.GetInt32();
        }

        all.Count.ShouldBeGreaterThanOrEqualTo(5);
        var ada = all.Single(c => c.Text("wAid") == OpenSession);
        ada.Text("fullName").ShouldBe("Ada Lovelace");
        ada.Text("firstName").ShouldBe("Ada");
        ada.Text("phone").ShouldBe(OpenSession);
        ada.Text("contactStatus").ShouldBe("VALID");
        ada.Text("created").ShouldNotBeNullOrEmpty();
        Items(ada, "customParams").ShouldContain(p => p.GetProperty("name").GetString() == "city" && p.GetProperty("value").GetString() == "London");

        Items(await GetAsync($"{Acme}/api/v1/getContacts?name=turing"), "contact_list").ShouldHaveSingleItem().Text("fullName").ShouldBe("Alan Turing");
        var londoners = await GetAsync($"{Acme}/api/v1/getContacts?attribute={Uri.EscapeDataString("""[{"name":"city","operator":"contain","value":"london"}]""")}");
        Items(londoners, "contact_list").Select(c => c.Text("fullName")).ShouldBe(["Ada Lovelace", "Katherine Johnson"]);
    }

    [Fact]
    public async Task Each_tenant_sees_its_own_data_and_another_tenants_token_gets_401_with_no_body()
    {
        var number = NewNumber();
        await SendTemplateAsync(number, "welcome");

        Items(await GetAsync($"{Globex}/api/v1/getContacts", GlobexToken), "contact_list").ShouldContain(c => c.GetProperty("wAid").GetString() == "14155550101");
        Items((await GetAsync($"{Globex}/api/v1/getMessages/{number}", GlobexToken)).GetProperty("messages"), "items").ShouldBeEmpty();
        Items(await GetAsync($"{Globex}/api/v1/getMessageTemplates", GlobexToken), "messageTemplates")[0].Text("body").ShouldContain("Globex");

        foreach (var (path, token) in new[] { ($"{Acme}/api/v1/getContacts", GlobexToken), ($"{Globex}/api/v1/getContacts", AcmeToken), ($"{Acme}/api/v1/getContacts", "not-a-wati-token"), ($"{Acme}/api/v1/getContacts", null) })
        {
            using var refused = await SendAsync(Http, HttpMethod.Get, path, token);
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await refused.Content.ReadAsStringAsync(Cancel)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task The_v3_api_lists_templates_and_contacts_and_sends_templates_and_text()
    {
        var templates = await GetAsync("wati/api/ext/v3/messageTemplates?page_number=1&page_size=2");
        Items(templates, "templates").Select(t => t.Text("name")).ShouldBe(["order_shipped", "appointment_reminder"]);
        templates.GetProperty("total").GetInt32().ShouldBe(4);
        Items(templates, "templates")[0].GetProperty("language_option").Text("value").ShouldBe("en");
        var contacts = await GetAsync("wati/api/ext/v3/contacts?page_number=1&page_size=100");
        Items(contacts, "contact_list").ShouldContain(c => c.GetProperty("wa_id").GetString() == OpenSession);

        var number = NewNumber();
        var sent = await PostAsync("wati/api/ext/v3/messageTemplates/send", new
        {
            template_name = "order_shipped",
            broadcast_name = "v3 tests",
            recipients = new[]
            {
                new { phone_number = number, local_message_id = "mine-1", custom_params = new[] { new { name = "name", value = "Linus" }, new { name = "order_number", value = "B-7" } } },
                new { phone_number = "not-a-number", local_message_id = "mine-2", custom_params = new[] { new { name = "name", value = "X" }, new { name = "order_number", value = "Y" } } },
            },
        });
        sent.GetProperty("success").GetBoolean().ShouldBeTrue();
        sent.Text("broadcast_id").ShouldNotBeNullOrEmpty();
        var results = Items(sent, "recipients");
        results[0].Text("local_message_id").ShouldBe("mine-1");
        Items(results[0], "errors").ShouldBeEmpty();
        Items(results[1], "errors").ShouldNotBeEmpty();
        Items((await GetAsync($"{Acme}/api/v1/getMessages/{number}")).GetProperty("messages"), "items").ShouldHaveSingleItem().Text("text").ShouldContain("B-7");

        var text = await PostAsync("wati/api/ext/v3/conversations/messages/text", new { target = OpenSession, text = "v3 hello" });
        text.GetProperty("message").Text("text").ShouldBe("v3 hello");
        text.GetProperty("message").Text("conversation_id").ShouldNotBeNullOrEmpty();
        Items(await GetAsync($"wati/api/ext/v3/conversations/{OpenSession}/messages?page_number=1&page_size=1"), "message_list").ShouldHaveSingleItem().Text("text").ShouldBe("v3 hello");

        using var unknown = await SendAsync(Http, HttpMethod.Post, "wati/api/ext/v3/messageTemplates/send", AcmeToken, new { template_name = "nope", broadcast_name = "x", recipients = new[] { new { phone_number = number } } });
        var error = await unknown.JsonAsync(HttpStatusCode.BadRequest);
        error.GetProperty("code").GetInt32().ShouldBe(400);
        error.Text("message").ShouldContain("nope");
        using var closed = await SendAsync(Http, HttpMethod.Post, "wati/api/ext/v3/conversations/messages/text", AcmeToken, new { target = "447700900003", text = "x" });
        (await closed.JsonAsync(HttpStatusCode.BadRequest)).Text("message").ShouldContain("24 hour");
        (await SendAsync(Http, HttpMethod.Get, "wati/api/ext/v3/contacts?page_number=1&page_size=10", "nope")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_configured_token_opens_its_own_tenant()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:Wati:Tokens:configured-token"] = "2001" });
        using var http = OAuthFlow.Client(host);

        var contacts = await (await SendAsync(http, HttpMethod.Get, "wati/2001/api/v1/getContacts", "configured-token")).JsonAsync(HttpStatusCode.OK);

        Items(contacts, "contact_list").Count.ShouldBe(5);
        (await SendAsync(http, HttpMethod.Get, "wati/1001/api/v1/getContacts", "configured-token")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
