using System.Net;
using System.Text.Json;

namespace Modular.Tests.Library;

public sealed class TemplateLibraryTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<List<string>> TemplateIds(string query)
    {
        var list = await (await platform.Client.GetAsync("/api/library/templates" + query, Cancel)).ReadJsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(list.GetProperty("items").GetArrayLength());
        return list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
    }

    [Fact]
    public async Task All_lists_every_plugin_template()
    {
        var all = await TemplateIds("");
        all.Distinct().Count().ShouldBe(all.Count);
        string[] expected = ["rest.call-api", "rest.fetch-json", "rest.send-to-webhook", "hubspot.weekly-sales-report", "hubspot.create-contact", "hubspot.update-deal-stage", "slack.post-message", "slack.notify-on-webhook",
            "google-sheets.append-row", "google-sheets.read-sheet", "wati.send-template-message", "pipes.move-card", "pipes.create-card"];
        expected.ShouldBeSubsetOf(all);
    }

    [Fact]
    public async Task Filters_by_type_case_insensitively()
    {
        (await TemplateIds("?type=api")).Count.ShouldBe(3);
        (await TemplateIds("?type=crm")).ShouldBe(["hubspot.weekly-sales-report", "hubspot.create-contact", "hubspot.update-deal-stage"], ignoreOrder: true);
        (await TemplateIds("?type=no-such-type")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("send webhook", new[] { "rest.send-to-webhook" })]
    [InlineData("SEND WEBHOOK", new[] { "rest.send-to-webhook" })]
    [InlineData("json document", new[] { "rest.fetch-json", "google-sheets.read-sheet" })]
    [InlineData("api document", new[] { "rest.call-api", "rest.fetch-json" })]
    [InlineData("no such words", new string[0])]
    public async Task Search_matches_every_word(string q, string[] expected)
    {
        (await TemplateIds("?q=" + Uri.EscapeDataString(q))).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public async Task A_template_shows_its_connector_authorization_and_forms()
    {
        var template = await (await platform.Client.GetAsync("/api/library/templates/rest.send-to-webhook", Cancel)).ReadJsonAsync();

        template.GetProperty("type").GetString().ShouldBe("API");
        template.GetProperty("connector").GetProperty("id").GetString().ShouldBe("rest");
        template.GetProperty("connector").GetProperty("version").GetString().ShouldBe("1.0.0");
        var authorization = template.GetProperty("authorization");
        authorization.GetProperty("required").GetBoolean().ShouldBeFalse();
        authorization.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("kind").GetString())
            .ShouldBe(["ApiKey", "Bearer", "Basic"]);
        template.GetProperty("intentFields").EnumerateArray().Select(f => f.GetProperty("key").GetString()).ShouldBe(["recipient"]);
        var configuration = template.GetProperty("configurationFields").EnumerateArray().ToList();
        configuration.Select(f => f.GetProperty("key").GetString()).ShouldBe(["url", "headers", "payload"]);
        configuration.Single(f => f.GetProperty("key").GetString() == "url").GetProperty("required").GetBoolean().ShouldBeTrue();
        template.GetProperty("configurationSchema").GetProperty("required").EnumerateArray().Select(r => r.GetString())
            .ShouldBe(["url", "payload"], ignoreOrder: true);
    }

    [Fact]
    public async Task Secret_auth_fields_are_marked_secret()
    {
        var template = await (await platform.Client.GetAsync("/api/library/templates/rest.call-api", Cancel)).ReadJsonAsync();

        var apiKey = template.GetProperty("authorization").GetProperty("methods").EnumerateArray()
            .Single(m => m.GetProperty("kind").GetString() == "ApiKey")
            .GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "apiKey");
        apiKey.GetProperty("kind").GetString().ShouldBe("Secret");
    }

    [Fact]
    public async Task Types_count_their_templates()
    {
        var types = await (await platform.Client.GetAsync("/api/library/types", Cancel)).ReadJsonAsync();

        var api = types.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "API");
        api.GetProperty("count").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Unknown_template_is_a_404_problem()
    {
        var response = await platform.Client.GetAsync("/api/library/templates/rest.nope", Cancel);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString()!.ShouldContain("rest.nope");
    }

    [Fact]
    public async Task Oversize_search_is_a_400_problem()
    {
        var response = await platform.Client.GetAsync("/api/library/templates?q=" + new string('x', 201), Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Plugins_lists_the_rest_plugin_loaded_with_its_version()
    {
        var plugins = await (await platform.Client.GetAsync("/api/plugins", Cancel)).ReadJsonAsync();

        var rest = plugins.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Modular.Connectors.Rest");
        rest.GetProperty("status").GetString().ShouldBe("loaded");
        rest.GetProperty("version").GetString().ShouldBe("1.0.0");
        rest.GetProperty("connectors").EnumerateArray().Select(c => c.GetString()).ShouldBe(["rest"]);
        rest.GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
