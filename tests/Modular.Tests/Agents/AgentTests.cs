using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Tests.Actions;

namespace Modular.Tests.Agents;

public sealed class AgentTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, ActionsClient Actions)> Workspace()
    {
        var client = await platform.NewWorkspaceClientAsync();
        return (client, new ActionsClient(client));
    }

    private static async Task<JsonElement> CreateAgent(HttpClient client, string name = "Support agent") =>
        await (await client.PostAsJsonAsync("/api/agents", new { name, description = "Answers customers" }, Cancel)).ReadJsonAsync();

    private static Task<HttpResponseMessage> Attach(HttpClient client, Guid agent, Guid action) =>
        client.PutAsync($"/api/agents/{agent}/actions/{action}", null, Cancel);

    private static Task<HttpResponseMessage> DeleteAgent(HttpClient client, Guid agent, int version) =>
        client.SendAsync(ActionsClient.WithVersion(HttpMethod.Delete, $"/api/agents/{agent}", version), Cancel);

    private static async Task<int> VersionOf(HttpClient client, Guid agent) =>
        (await (await client.GetAsync($"/api/agents/{agent}", Cancel)).ReadJsonAsync()).GetProperty("version").GetInt32();

    [Fact]
    public async Task Delete_honours_the_version_it_was_based_on()
    {
        var (client, _) = await Workspace();
        var agent = await CreateAgent(client);
        var id = agent.GetProperty("id").GetGuid();
        var version = agent.GetProperty("version").GetInt32();
        (await client.PutAsJsonAsync($"/api/agents/{id}/state", new { state = "paused", version }, Cancel)).EnsureSuccessStatusCode();

        var stale = await (await DeleteAgent(client, id, version)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        stale.GetProperty("currentVersion").GetInt32().ShouldBe(version + 1);
        await (await client.DeleteAsync($"/api/agents/{id}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        (await VersionOf(client, id)).ShouldBe(version + 1);

        (await DeleteAgent(client, id, version + 1)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/api/agents/{id}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Creates_lists_renames_and_pauses_an_agent()
    {
        var (client, _) = await Workspace();
        var agent = await CreateAgent(client);
        var id = agent.GetProperty("id").GetGuid();
        agent.GetProperty("state").GetString().ShouldBe("active");
        agent.GetProperty("published").ValueKind.ShouldBe(JsonValueKind.Null);

        var renamed = await (await client.PutAsJsonAsync($"/api/agents/{id}", new { name = "Sales agent", description = "Qualifies leads", version = 1 }, Cancel)).ReadJsonAsync();
        renamed.GetProperty("name").GetString().ShouldBe("Sales agent");
        var paused = await (await client.PutAsJsonAsync($"/api/agents/{id}/state", new { state = "paused", version = 2 }, Cancel)).ReadJsonAsync();
        paused.GetProperty("state").GetString().ShouldBe("paused");

        var list = await (await client.GetAsync("/api/agents?state=paused", Cancel)).ReadJsonAsync();
        list.GetProperty("items").EnumerateArray().Single().GetProperty("name").GetString().ShouldBe("Sales agent");
        var history = await (await client.GetAsync($"/api/agents/{id}/history", Cancel)).ReadJsonAsync();
        history.EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ShouldBe(["state", "details", "created"]);
    }

    [Fact]
    public async Task Invalid_agent_input_is_refused()
    {
        var (client, _) = await Workspace();

        await (await client.PostAsJsonAsync("/api/agents", new { name = " " }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var agent = await CreateAgent(client);
        var id = agent.GetProperty("id").GetGuid();
        await (await client.PutAsJsonAsync($"/api/agents/{id}/state", new { state = "asleep", version = 1 }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PutAsJsonAsync($"/api/agents/{id}/state", new { state = "paused", version = 7 }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await client.GetAsync($"/api/agents/{Guid.NewGuid()}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/agents?pageSize=0", Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Attaches_only_published_actions_of_its_own_workspace()
    {
        var (client, actions) = await Workspace();
        var agent = (await CreateAgent(client)).GetProperty("id").GetGuid();
        var draft = (await actions.CreateWebhookActionAsync("Draft")).GetProperty("id").GetGuid();
        var published = (await actions.CreatePublishedActionAsync("Live")).GetProperty("id").GetGuid();
        var (_, otherActions) = await Workspace();
        var foreign = (await otherActions.CreatePublishedActionAsync("Foreign")).GetProperty("id").GetGuid();

        (await (await Attach(client, agent, draft)).ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("draft");
        await (await Attach(client, agent, foreign)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await Attach(client, agent, Guid.NewGuid())).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var attached = await (await Attach(client, agent, published)).ReadJsonAsync();
        attached.GetProperty("working").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldBe(["Live"]);
        (await Attach(client, agent, published)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await actions.GetJsonAsync(published)).GetProperty("usedBy")[0].GetProperty("agentName").GetString().ShouldBe("Support agent");
        (await otherActions.GetJsonAsync(foreign)).GetProperty("usedBy").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task An_action_used_in_test_or_published_mode_cannot_be_deleted_until_released_by_both()
    {
        var (client, actions) = await Workspace();
        var agent = (await CreateAgent(client)).GetProperty("id").GetGuid();
        var action = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();

        (await Attach(client, agent, action)).EnsureSuccessStatusCode();
        await (await actions.DeleteLatestAsync(action)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var published = await (await client.PostAsJsonAsync($"/api/agents/{agent}/publish", new { version = 2 }, Cancel)).ReadJsonAsync();
        published.GetProperty("hasUnpublishedChanges").GetBoolean().ShouldBeFalse();

        // Detached from the working (test) setup but still in the published one: still in use.
        var detached = await (await client.DeleteAsync($"/api/agents/{agent}/actions/{action}", Cancel)).ReadJsonAsync();
        detached.GetProperty("hasUnpublishedChanges").GetBoolean().ShouldBeTrue();
        (await (await actions.DeleteLatestAsync(action)).ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString()!.ShouldContain("Support agent");

        (await client.PostAsJsonAsync($"/api/agents/{agent}/publish", new { version = detached.GetProperty("version").GetInt32() }, Cancel)).EnsureSuccessStatusCode();
        await actions.WaitForUsersAsync(action, []);
        (await actions.DeleteLatestAsync(action)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Deleting_an_agent_detaches_its_actions_and_keeps_them()
    {
        var (client, actions) = await Workspace();
        var agent = (await CreateAgent(client)).GetProperty("id").GetGuid();
        var action = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();
        (await Attach(client, agent, action)).EnsureSuccessStatusCode();

        (await DeleteAgent(client, agent, await VersionOf(client, agent))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await client.GetAsync($"/api/agents/{agent}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await actions.WaitForUsersAsync(action, []);
        (await actions.DeleteLatestAsync(action)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Agents_of_another_workspace_look_like_they_do_not_exist()
    {
        var (mine, _) = await Workspace();
        var (theirs, _) = await Workspace();
        var agent = (await CreateAgent(mine)).GetProperty("id").GetGuid();

        await (await theirs.GetAsync($"/api/agents/{agent}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await DeleteAgent(theirs, agent, 1)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirs.PutAsJsonAsync($"/api/agents/{agent}/state", new { state = "paused", version = 1 }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
