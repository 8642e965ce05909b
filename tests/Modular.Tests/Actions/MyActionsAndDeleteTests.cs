using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Modular.Actions.Contracts;
using Modular.Tests.Agents;
using Wolverine;

namespace Modular.Tests.Actions;

public sealed class MyActionsAndDeleteTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string WorkspaceOf(ActionsClient actions) => actions.Http.DefaultRequestHeaders.GetValues("X-Workspace").Single();

    private Task<ActionUseResult> UseInAgent(ActionsClient actions, Guid actionId, string agentId, string agentName) =>
        platform.Host.Services.GetRequiredService<IMessageBus>()
            .InvokeForTenantAsync<ActionUseResult>(WorkspaceOf(actions), new UseActionInAgent(actionId, agentId, agentName, 1), Cancel);

    [Fact]
    public async Task My_actions_filters_sorts_and_pages()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        await actions.CreateWebhookActionAsync("Charlie webhook");
        await actions.CreatePublishedActionAsync("Alpha published");
        await (await actions.CreateAsync(new { templateId = "rest.fetch-json", name = "Bravo report", intent = "Fetch the weekly report" })).ReadJsonAsync();

        var firstPage = await actions.ListAsync("?sort=name&pageSize=2");
        firstPage.GetProperty("total").GetInt64().ShouldBe(3);
        firstPage.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldBe(["Alpha published", "Bravo report"]);
        var secondPage = await actions.ListAsync("?sort=name&pageSize=2&page=2");
        secondPage.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ShouldBe(["Charlie webhook"]);

        (await actions.ListAsync("?state=draft")).GetProperty("total").GetInt64().ShouldBe(2);
        (await actions.ListAsync("?state=published")).GetProperty("items")[0].GetProperty("name").GetString().ShouldBe("Alpha published");
        (await actions.ListAsync("?q=WEEKLY")).GetProperty("items")[0].GetProperty("name").GetString().ShouldBe("Bravo report");
        (await actions.ListAsync("?type=api&connector=rest")).GetProperty("total").GetInt64().ShouldBe(3);
        (await actions.ListAsync("?connector=slack")).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Theory]
    [InlineData("?state=sleeping")]
    [InlineData("?sort=colour")]
    [InlineData("?page=abc")]
    public async Task Malformed_list_queries_are_400(string query)
    {
        var response = await platform.Client.GetAsync("/api/actions" + query, Cancel);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Actions_of_another_workspace_look_like_they_do_not_exist()
    {
        var mine = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var theirs = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var id = (await mine.CreateWebhookActionAsync()).GetProperty("id").GetGuid();

        await (await theirs.GetAsync(id)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirs.PutAsync(id, "name", new { name = "Hijacked", version = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirs.DeleteLatestAsync(id)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await theirs.Http.GetAsync($"/api/actions/{id}/history", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await theirs.ListAsync()).GetProperty("total").GetInt64().ShouldBe(0);
        (await mine.GetJsonAsync(id)).GetProperty("name").GetString().ShouldBe("Notify orders");
    }

    [Fact]
    public async Task Delete_removes_the_action_and_its_history()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var id = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();

        (await actions.DeleteLatestAsync(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await actions.GetAsync(id)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await actions.Http.GetAsync($"/api/actions/{id}/history", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await actions.ListAsync()).GetProperty("total").GetInt64().ShouldBe(0);
        await (await actions.DeleteLatestAsync(id)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_honours_the_version_it_was_based_on()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var action = await actions.CreatePublishedActionAsync();
        var id = action.GetProperty("id").GetGuid();
        var version = action.GetProperty("version").GetInt32();
        (await actions.PutAsync(id, "name", new { name = "Renamed meanwhile", version })).EnsureSuccessStatusCode();

        var stale = await (await actions.DeleteAsync(id, version)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        stale.GetProperty("currentVersion").GetInt32().ShouldBe(version + 1);
        await (await actions.Http.DeleteAsync($"/api/actions/{id}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        using var malformed = new HttpRequestMessage(HttpMethod.Delete, $"/api/actions/{id}");
        malformed.Headers.TryAddWithoutValidation("If-Match", "\"three\"");
        await (await actions.Http.SendAsync(malformed, Cancel)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await actions.GetJsonAsync(id)).GetProperty("name").GetString().ShouldBe("Renamed meanwhile");

        (await actions.DeleteAsync(id, version + 1)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Delete_is_refused_while_an_agent_uses_the_action_and_lists_the_agents()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var (actions, agents) = (new ActionsClient(client), new AgentsClient(client));
        var id = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();
        var agent = await agents.CreateAsync("Support agent");
        (await agents.AttachAsync(agent, id)).EnsureSuccessStatusCode();

        var refused = await actions.DeleteLatestAsync(id);

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString()!.ShouldContain("Support agent");
        problem.GetProperty("agents")[0].GetProperty("agentId").GetString().ShouldBe(agent.ToString());
        (await actions.GetJsonAsync(id)).GetProperty("usedBy")[0].GetProperty("agentName").GetString().ShouldBe("Support agent");

        (await agents.DetachAsync(agent, id)).EnsureSuccessStatusCode();
        await actions.WaitForUsersAsync(id, []);
        (await actions.DeleteLatestAsync(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_claim_whose_attach_never_committed_is_withdrawn_and_leaves_the_action_deletable()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var (actions, agents) = (new ActionsClient(client), new AgentsClient(client));
        var id = (await actions.CreatePublishedActionAsync()).GetProperty("id").GetGuid();
        var agent = await agents.CreateAsync("Never saved");

        // What an attach does before the agent commits, as if its node died right after:
        // the claim is recorded, the agent never changes.
        (await UseInAgent(actions, id, agent.ToString(), "Never saved")).Outcome.ShouldBe(ActionUseOutcome.Attached);
        (await UseInAgent(actions, id, "not-an-agent", "Nobody")).Outcome.ShouldBe(ActionUseOutcome.Attached);

        await actions.WaitForUsersAsync(id, []);
        (await actions.DeleteLatestAsync(id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Drafts_and_unknown_actions_cannot_be_used_by_agents()
    {
        var actions = new ActionsClient(await platform.NewWorkspaceClientAsync());
        var draft = (await actions.CreateWebhookActionAsync()).GetProperty("id").GetGuid();

        (await UseInAgent(actions, draft, "agent-1", "Agent")).Outcome.ShouldBe(ActionUseOutcome.NotPublished);
        (await UseInAgent(actions, Guid.NewGuid(), "agent-1", "Agent")).Outcome.ShouldBe(ActionUseOutcome.NotFound);
        (await actions.GetJsonAsync(draft)).GetProperty("usedBy").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_delete_racing_an_attach_never_leaves_an_agent_pointing_at_a_deleted_action()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var (actions, agents) = (new ActionsClient(client), new AgentsClient(client));
        var outcomes = new List<(HttpStatusCode Delete, HttpStatusCode Attach)>();

        for (var round = 0; round < 30; round++)
        {
            var created = await actions.CreatePublishedActionAsync($"Race {round}");
            var id = created.GetProperty("id").GetGuid();
            var agent = await agents.CreateAsync($"Racer {round}");
            var delete = actions.DeleteAsync(id, created.GetProperty("version").GetInt32());
            var attach = agents.AttachAsync(agent, id);
            await Task.WhenAll(delete, attach);
            var (deleted, attached) = ((await delete).StatusCode, (await attach).StatusCode);
            outcomes.Add((deleted, attached));

            var stored = await actions.GetAsync(id);
            var used = await agents.ActionsInUseAsync(agent);
            if (attached == HttpStatusCode.OK)
            {
                deleted.ShouldBe(HttpStatusCode.Conflict, $"round {round}: the attach won, so the delete must be refused");
                stored.StatusCode.ShouldBe(HttpStatusCode.OK);
                used.ShouldBe([id]);
            }
            else
            {
                attached.ShouldBe(HttpStatusCode.NotFound, $"round {round}");
                deleted.ShouldBe(HttpStatusCode.NoContent);
                stored.StatusCode.ShouldBe(HttpStatusCode.NotFound);
                used.ShouldBeEmpty();
            }
        }

        TestContext.Current.SendDiagnosticMessage("Race outcomes: " + string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}={g.Count()}")));
    }
}
