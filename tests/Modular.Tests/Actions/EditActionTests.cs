using Modular.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;

namespace Modular.Tests.Actions;

public sealed class EditActionTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(ActionsClient Actions, Guid Id)> NewDraft()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var action = await actions.CreateWebhookActionAsync();
        return (actions, action.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_draft_saves_an_incomplete_configuration_and_regenerates_sop_and_code()
    {
        var (actions, id) = await NewDraft();

        var saved = await (await actions.ConfigureAsync(id, 1, new { url = "https://example.com/orders" })).ReadJsonAsync();

        saved.GetProperty("version").GetInt32().ShouldBe(2);
        saved.GetProperty("state").GetString().ShouldBe("draft");
        saved.GetProperty("description").GetString()!.ShouldContain("https://example.com/orders");
        saved.GetProperty("code").GetString()!.ShouldContain("\"url\": \"https://example.com/orders\"");
    }

    [Fact]
    public async Task Save_action_refuses_an_incomplete_configuration_with_field_errors_and_changes_nothing()
    {
        var (actions, id) = await NewDraft();

        var response = await actions.PublishAsync(id, 1);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.GetProperty("/configuration/url")[0].GetString().ShouldBe("URL is required.");
        errors.GetProperty("/configuration/payload")[0].GetString().ShouldBe("Payload template is required.");
        var after = await actions.GetJsonAsync(id);
        after.GetProperty("state").GetString().ShouldBe("draft");
        after.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Save_action_publishes_a_complete_action_paused_then_the_state_dropdown_activates_it()
    {
        var (actions, id) = await NewDraft();
        await (await actions.ConfigureAsync(id, 1, ActionsClient.Complete)).ReadJsonAsync();

        var published = await (await actions.PublishAsync(id, 2)).ReadJsonAsync();
        published.GetProperty("state").GetString().ShouldBe("paused");

        var active = await (await actions.PutAsync(id, "state", new { state = "active", version = 3 })).ReadJsonAsync();
        active.GetProperty("state").GetString().ShouldBe("active");
        (await actions.ListAsync("?state=active")).GetProperty("total").GetInt64().ShouldBe(1);

        await (await actions.PublishAsync(id, 4)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        // A published action must stay complete.
        var incomplete = await actions.ConfigureAsync(id, 4, new { url = "https://example.com/hook" });
        (await incomplete.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("/configuration/payload", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task State_of_a_draft_or_an_unknown_state_is_refused()
    {
        var (actions, id) = await NewDraft();

        await (await actions.PutAsync(id, "state", new { state = "active", version = 1 })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await actions.PutAsync(id, "state", new { state = "sleeping", version = 1 })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await actions.GetJsonAsync(id)).GetProperty("state").GetString().ShouldBe("draft");
    }

    [Theory]
    [InlineData("{\"url\": 5}", "/configuration/url", "text")]
    [InlineData("{\"url\": \"ftp://example.com\"}", "/configuration/url", "http(s) URL")]
    [InlineData("{\"colour\": \"blue\"}", "/configuration/colour", "not a field")]
    [InlineData("{\"headers\": {\"X-Count\": 3}}", "/configuration/headers/X-Count", "must be text")]
    [InlineData("{\"headers\": \"nope\"}", "/configuration/headers", "object")]
    public async Task Configuration_values_of_the_wrong_type_are_refused(string configuration, string pointer, string message)
    {
        var (actions, id) = await NewDraft();

        var response = await actions.ConfigureAsync(id, 1, System.Text.Json.JsonDocument.Parse(configuration).RootElement);

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty(pointer)[0].GetString()!.ShouldContain(message);
        (await actions.GetJsonAsync(id)).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_broken_template_is_refused_where_it_is_saved_with_its_line_and_column()
    {
        var (actions, id) = await NewDraft();

        var response = await actions.ConfigureAsync(id, 1, new { url = "https://example.com/hook", payload = "{\n  \"order\": \"{{ input.order }\"\n}" });

        var error = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("/configuration/payload")[0].GetString()!;
        error.ShouldStartWith("Payload template is not a valid template: line 2, column ");
        (await actions.GetJsonAsync(id)).GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Oversize_values_are_refused()
    {
        var (actions, id) = await NewDraft();

        var response = await actions.ConfigureAsync(id, 1, new { payload = new string('x', 20_001) });

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("/configuration/payload")[0].GetString()!.ShouldContain("20,000");
    }

    [Fact]
    public async Task A_select_value_outside_its_options_is_refused()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var id = (await (await actions.CreateAsync(new { templateId = "rest.call-api", name = "Call", intent = "Call" })).ReadJsonAsync()).GetProperty("id").GetGuid();

        var response = await actions.ConfigureAsync(id, 1, new { method = "FETCH", url = "https://example.com" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("/configuration/method")[0].GetString()!.ShouldContain("GET");
    }

    [Fact]
    public async Task A_stale_version_is_a_409_and_overwrites_nothing()
    {
        var (actions, id) = await NewDraft();
        await (await actions.PutAsync(id, "name", new { name = "First edit", version = 1 })).ReadJsonAsync();

        var stale = await actions.PutAsync(id, "name", new { name = "Second edit", version = 1 });

        (await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("currentVersion").GetInt32().ShouldBe(2);
        (await actions.GetJsonAsync(id)).GetProperty("name").GetString().ShouldBe("First edit");
    }

    [Fact]
    public async Task If_match_carries_the_version_and_a_write_without_any_version_is_refused()
    {
        var (actions, id) = await NewDraft();

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/actions/{id}/name") { Content = JsonContent.Create(new { name = "Via ETag" }) };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"1\""));
        var renamed = await actions.Http.SendAsync(request, Cancel);
        renamed.Headers.ETag!.Tag.ShouldBe("\"2\"");

        var unversioned = await actions.PutAsync(id, "name", new { name = "No version" });
        await unversioned.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        (await actions.GetJsonAsync(id)).GetProperty("name").GetString().ShouldBe("Via ETag");
    }

    [Fact]
    public async Task Concurrent_edits_of_one_version_let_exactly_one_win()
    {
        var (actions, id) = await NewDraft();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => actions.PutAsync(id, "name", new { name = $"Edit {i}", version = 1 })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        (await actions.GetJsonAsync(id)).GetProperty("version").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Rename_and_edits_are_recorded_in_the_history()
    {
        var (actions, id) = await NewDraft();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/actions/{id}/name") { Content = JsonContent.Create(new { name = "Renamed", version = 1 }) };
        // A header naming someone else is not believed: the history records who signed in.
        request.Headers.Add("X-User", "maria");
        (await actions.Http.SendAsync(request, Cancel)).EnsureSuccessStatusCode();

        var history = await (await actions.Http.GetAsync($"/api/actions/{id}/history", Cancel)).ReadJsonAsync();

        var rename = history[0];
        rename.GetProperty("kind").GetString().ShouldBe("renamed");
        rename.GetProperty("by").GetString().ShouldBe(TestIdentity.OwnerEmail);
        rename.GetProperty("version").GetInt32().ShouldBe(2);
        var change = rename.GetProperty("changes").EnumerateArray().Single();
        change.GetProperty("field").GetString().ShouldBe("name");
        change.GetProperty("from").GetString().ShouldBe("Notify orders");
        change.GetProperty("to").GetString().ShouldBe("Renamed");
        (await actions.GetJsonAsync(id)).GetProperty("updatedBy").GetString().ShouldBe(TestIdentity.OwnerEmail);
    }

    [Fact]
    public async Task Edit_action_intent_keeps_the_configuration()
    {
        var (actions, id) = await NewDraft();
        await (await actions.ConfigureAsync(id, 1, new { url = "https://example.com/kept" })).ReadJsonAsync();

        var edited = await (await actions.PutAsync(id, "intent", new { name = "New name", intent = "A new intent", intentFields = new { recipient = "CRM" }, version = 2 })).ReadJsonAsync();

        edited.GetProperty("configuration").GetProperty("url").GetString().ShouldBe("https://example.com/kept");
        edited.GetProperty("description").GetString()!.ShouldStartWith("A new intent");
        edited.GetProperty("description").GetString()!.ShouldContain("(CRM)");
    }

    [Fact]
    public async Task Code_with_a_syntax_error_is_refused_with_its_line()
    {
        var (actions, id) = await NewDraft();

        var response = await actions.PutAsync(id, "code", new { code = "log('one');\nconst x = ;\n", version = 1 });

        (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("/code")[0].GetString()!.ShouldStartWith("Line 2,");
        (await actions.GetJsonAsync(id)).GetProperty("codeEdited").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Hand_edited_code_marks_the_sop_for_review_and_still_follows_configuration_changes()
    {
        var (actions, id) = await NewDraft();
        var original = (await actions.GetJsonAsync(id)).GetProperty("code").GetString()!;

        var edited = await (await actions.PutAsync(id, "code", new { code = original + "log(\"hand edit\");\n", version = 1 })).ReadJsonAsync();
        edited.GetProperty("codeEdited").GetBoolean().ShouldBeTrue();
        edited.GetProperty("descriptionNeedsReview").GetBoolean().ShouldBeTrue();

        var configured = await (await actions.ConfigureAsync(id, 2, new { url = "https://example.com/after" })).ReadJsonAsync();
        var code = configured.GetProperty("code").GetString()!;
        code.ShouldContain("log(\"hand edit\");");
        code.ShouldContain("https://example.com/after");
    }

    [Fact]
    public async Task An_action_whose_template_is_gone_still_shows_and_says_so()
    {
        var workspaceClient = await platform.NewWorkspaceClientAsync();
        var workspace = workspaceClient.DefaultRequestHeaders.GetValues("X-Workspace").Single();
        var actions = new ActionsClient(workspaceClient);
        var id = (await actions.CreateWebhookActionAsync()).GetProperty("id").GetGuid();
        // As if the plugin had been removed: the stored template id no longer resolves.
        var store = platform.Host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var session = store.LightweightSession(workspace))
        {
            var stored = await session.LoadAsync<Modular.Actions.Domain.ActionDefinition>(id, Cancel);
            stored!.TemplateId = "removed.template";
            session.Update(stored);
            await session.SaveChangesAsync(Cancel);
        }

        var action = await actions.GetJsonAsync(id);
        action.GetProperty("template").GetProperty("available").GetBoolean().ShouldBeFalse();
        action.GetProperty("template").GetProperty("message").GetString()!.ShouldContain("no longer installed");
        action.GetProperty("code").GetString()!.ShouldContain("rest.request");
        await (await actions.ConfigureAsync(id, action.GetProperty("version").GetInt32(), ActionsClient.Complete)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }
}
