using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Actions;

/// <summary>"Restore this version" in an action's history: content back, state and account kept, as a new version.</summary>
public sealed class RestoreActionVersionTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> RestoreAsync(ActionsClient actions, Guid id, int version, int current) =>
        actions.Http.PostAsJsonAsync($"/api/actions/{id}/history/{version}/restore", new { version = current }, Cancel);

    private static async Task<JsonElement> History(ActionsClient actions, Guid id) =>
        await (await actions.Http.GetAsync($"/api/actions/{id}/history", Cancel)).ReadJsonAsync();

    [Fact]
    public async Task An_earlier_version_comes_back_as_a_new_version_with_the_state_kept_and_can_itself_be_undone()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var published = await actions.CreatePublishedActionAsync("Notify orders"); // v1 created, v2 configured, v3 published
        var id = published.GetProperty("id").GetGuid();
        var v3 = published.GetProperty("code").GetString()!;
        var edited = await (await actions.PutAsync(id, "code", new { code = "log('edited by hand');", version = 3 })).ReadJsonAsync();
        var renamed = await (await actions.PutAsync(id, "intent", new
        {
            name = "Orders to the CRM",
            intent = "Send each order to the CRM",
            intentFields = new { recipient = "CRM" },
            version = edited.GetProperty("version").GetInt32(),
        })).ReadJsonAsync();
        renamed.GetProperty("version").GetInt32().ShouldBe(5);

        var restored = await (await RestoreAsync(actions, id, 3, 5)).ReadJsonAsync();

        restored.GetProperty("version").GetInt32().ShouldBe(6);
        restored.GetProperty("name").GetString().ShouldBe("Notify orders");
        restored.GetProperty("intent").GetString().ShouldBe("Send each new order to the order service");
        restored.GetProperty("code").GetString().ShouldBe(v3);
        restored.GetProperty("description").GetString().ShouldBe(published.GetProperty("description").GetString());
        restored.GetProperty("state").GetString().ShouldBe("paused");
        var newest = (await History(actions, id))[0];
        newest.GetProperty("kind").GetString().ShouldBe("restored");
        newest.GetProperty("version").GetInt32().ShouldBe(6);
        newest.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()).ShouldContain("code");

        // The restore is a version like any other: restoring v5 undoes it.
        var undone = await (await RestoreAsync(actions, id, 5, 6)).ReadJsonAsync();
        undone.GetProperty("name").GetString().ShouldBe("Orders to the CRM");
        undone.GetProperty("code").GetString().ShouldBe("log('edited by hand');");
    }

    [Fact]
    public async Task A_restore_of_the_current_an_unknown_or_a_stale_version_is_refused_and_changes_nothing()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var id = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();

        await (await RestoreAsync(actions, id, 3, 3)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await RestoreAsync(actions, id, 9, 3)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(actions, id, 0, 3)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(actions, id, 1, 2)).ShouldBeProblemAsync(HttpStatusCode.Conflict); // based on a version that is no longer current
        await (await RestoreAsync(actions, Guid.NewGuid(), 1, 1)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await actions.GetJsonAsync(id)).GetProperty("version").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task A_published_action_cannot_go_back_to_a_configuration_its_template_calls_incomplete()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var id = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();

        // v1 is the draft with no configuration: a published action must stay complete.
        var refused = await RestoreAsync(actions, id, 1, 3);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors").TryGetProperty("/configuration/url", out _).ShouldBeTrue();
        var after = await actions.GetJsonAsync(id);
        after.GetProperty("version").GetInt32().ShouldBe(3);
        after.GetProperty("configuration").GetProperty("url").GetString().ShouldBe("https://example.com/hook");
    }
}
