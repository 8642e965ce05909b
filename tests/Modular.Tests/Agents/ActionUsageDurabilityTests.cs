using System.Net;
using Modular.Testing;
using Modular.Tests.Actions;
using Npgsql;

namespace Modular.Tests.Agents;

/// <summary>
/// Which agents use an action, across a host process killed without warning between an agent's
/// change and the Actions module's update of its usage record: a new node on the same database
/// brings the record in step with the agents, so no action is left undeletable and none used by an
/// agent can be deleted.
/// </summary>
public sealed class ActionUsageDurabilityTests : IAsyncLifetime
{
    // A dead node's accepted messages move to a live one within seconds instead of Wolverine's default minutes.
    private static readonly Dictionary<string, string> FastRecovery = new()
    {
        ["Durability__StaleNodeTimeout"] = "00:00:03",
        ["Durability__HealthCheckPollingTime"] = "00:00:01",
        ["Durability__NodeReassignmentPollingTime"] = "00:00:01",
    };

    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private Task<HostProcess> Node() => HostProcess.StartAsync(_database.ConnectionString, FastRecovery);

    [Fact]
    public async Task A_node_killed_right_after_an_attach_and_a_detach_answered_leaves_the_usage_record_to_converge()
    {
        Guid kept, released, agent;
        await using (var doomed = await Node())
        {
            var (actions, agents) = (new ActionsClient(doomed.Client), new AgentsClient(doomed.Client));
            kept = (await actions.CreatePublishedActionAsync("Kept")).GetProperty("id").GetGuid();
            released = (await actions.CreatePublishedActionAsync("Released")).GetProperty("id").GetGuid();
            agent = await agents.CreateAsync("Support agent");
            (await agents.AttachAsync(agent, released)).EnsureSuccessStatusCode();
            (await agents.AttachAsync(agent, kept)).EnsureSuccessStatusCode();
            (await agents.DetachAsync(agent, released)).EnsureSuccessStatusCode();
            // Before the Actions module may have handled what the detach (and the attaches) committed.
            doomed.Kill();
        }

        await using var survivor = await Node();
        var (survivorActions, survivorAgents) = (new ActionsClient(survivor.Client), new AgentsClient(survivor.Client));
        (await survivorAgents.ActionsInUseAsync(agent)).ShouldBe([kept]);

        await (await survivorActions.DeleteLatestAsync(kept)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await survivorActions.WaitForUsersAsync(released, [], Recovery);
        (await survivorActions.DeleteLatestAsync(released)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await survivorActions.WaitForUsersAsync(kept, [agent.ToString()], Recovery);
        await (await survivorActions.DeleteLatestAsync(kept)).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await survivorAgents.DetachAsync(agent, kept)).EnsureSuccessStatusCode();
        await survivorActions.WaitForUsersAsync(kept, [], Recovery);
        (await survivorActions.DeleteLatestAsync(kept)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task A_node_killed_during_a_burst_of_attaches_leaves_each_action_used_exactly_by_the_agents_that_committed()
    {
        const int Count = 48;
        var pairs = new List<(Guid Action, Guid Agent)>();
        int answered;
        await using (var doomed = await Node())
        {
            var (actions, agents) = (new ActionsClient(doomed.Client), new AgentsClient(doomed.Client));
            for (var i = 0; i < Count; i++)
                pairs.Add(((await actions.CreatePublishedActionAsync($"Burst {i}")).GetProperty("id").GetGuid(), await agents.CreateAsync($"Agent {i}")));

            // The handlers compiled (the first message after start compiles them), then every attach at
            // once, each on its own agent: the node dies as soon as the database shows a claim, with
            // that attach (and others) between claiming its action and committing its agent.
            var warmUp = (await actions.CreatePublishedActionAsync("Warm-up")).GetProperty("id").GetGuid();
            (await agents.AttachAsync(await agents.CreateAsync("Warm-up"), warmUp)).EnsureSuccessStatusCode();
            await using var database = new NpgsqlConnection(_database.ConnectionString);
            await database.OpenAsync(TestContext.Current.CancellationToken);
            await using var claims = new NpgsqlCommand(
                "select count(*) from actions.mt_doc_actiondefinition where id <> $1 and jsonb_array_length(data->'usedBy') > 0", database);
            claims.Parameters.AddWithValue(warmUp);
            var attaches = pairs.Select(p => agents.AttachAsync(p.Agent, p.Action)).ToList();
            while ((long)(await claims.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 0 && !attaches.All(a => a.IsCompleted)) { }
            doomed.Kill();
            answered = attaches.Count(a => a.IsCompletedSuccessfully && a.Result.StatusCode == HttpStatusCode.OK);
            await Task.WhenAll(attaches.Select(a => a.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        await using var survivor = await Node();
        var (survivorActions, survivorAgents) = (new ActionsClient(survivor.Client), new AgentsClient(survivor.Client));
        var attached = 0;
        var claimedButNotCommitted = 0;
        foreach (var (action, agent) in pairs)
        {
            var committed = (await survivorAgents.ActionsInUseAsync(agent)).Contains(action);
            if (!committed && (await survivorActions.UsersAsync(action)).Count > 0) claimedButNotCommitted++;
            if (committed)
            {
                attached++;
                await survivorActions.WaitForUsersAsync(action, [agent.ToString()], Recovery);
                await (await survivorActions.DeleteLatestAsync(action)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
            }
            else
            {
                await survivorActions.WaitForUsersAsync(action, [], Recovery);
                (await survivorActions.DeleteLatestAsync(action)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }
        }

        attached.ShouldBeGreaterThanOrEqualTo(answered);
        TestContext.Current.SendDiagnosticMessage(
            $"Burst of {Count}: {answered} answered before the kill, {attached} committed, {claimedButNotCommitted} claimed without their agent committing");
    }
}
