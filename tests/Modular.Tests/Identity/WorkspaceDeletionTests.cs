using System.Net;
using System.Net.Http.Json;
using Modular.Testing;
using Modular.Tests.Runs;
using Npgsql;

namespace Modular.Tests.Identity;

/// <summary>An owner deletes a workspace: everything in it goes, in every module, and nothing of another workspace.</summary>
public sealed class WorkspaceDeletionTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Owner, string Workspace)> WorkspaceAsync()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        return (owner, owner.DefaultRequestHeaders.GetValues("X-Workspace").Single());
    }

    /// <summary>A workspace with something of every kind: actions, history, runs with logs and documents, a webhook and its deliveries, a schedule, run settings, an event subscription, an agent, the library's recent templates, members, invitations, keys, OAuth clients, audit.</summary>
    private async Task<(RunsClient Runs, string WebhookUrl, string ApiKey)> FilledWorkspaceAsync(HttpClient owner, string workspace)
    {
        var runs = new RunsClient(owner);
        var action = await runs.ActiveActionAsync("log('hello'); documents.create('report.txt', 'the report', 'text/plain');");
        (await runs.WaitForEndAsync(await runs.StartRunAsync(action))).GetProperty("status").GetString().ShouldBe("succeeded");
        await runs.Actions.CreateWebhookActionAsync();
        var webhook = await (await owner.PutAsJsonAsync($"/api/actions/{action}/webhook", new { enabled = true }, Cancel)).ReadJsonAsync();
        var webhookUrl = webhook.GetProperty("url").GetString()!;
        using (var delivery = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = JsonContent.Create(new { order = 1 }) })
        {
            delivery.Headers.Add("Idempotency-Key", "order-1");
            using var anonymous = new HttpClient();
            (await anonymous.SendAsync(delivery, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        (await owner.PutAsJsonAsync($"/api/actions/{action}/schedule", new { enabled = true, kind = "daily", time = "09:30", timeZone = "UTC" }, Cancel)).EnsureSuccessStatusCode();
        (await owner.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 30 }, Cancel)).EnsureSuccessStatusCode();
        // An event subscription, on a pipe of the simulated Pipefy no other test watches or moves cards in (Globex's Support).
        var kit = new Connectors.ConnectorTestKit(platform, owner);
        var pipes = await kit.ConnectTokenAccountAsync("pipes", new { token = "demo-pipefy-token-2" }, "Globex on Pipefy");
        var onEvents = await kit.ActiveActionAsync("pipes.move-card", pipes, new { pipeId = "301202", destinationPhaseId = "302213", cardIdField = "data.card.id" }, new { when = "Never" });
        (await owner.PutAsJsonAsync($"/api/actions/{onEvents}/trigger", new { triggerId = "pipes.cardEvents", input = new { pipeId = "301202" }, events = new[] { "card_moved" } }, Cancel))
            .EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync("/api/agents", new { name = "Deleted with it" }, Cancel)).EnsureSuccessStatusCode();
        await platform.Host.NewMemberAsync(workspace, "editor");
        (await owner.PostAsJsonAsync("/api/invitations", new { email = $"invited-{Guid.NewGuid():N}@tests.example", role = "viewer" }, Cancel)).EnsureSuccessStatusCode();
        var key = await (await owner.PostAsJsonAsync("/api/api-keys", new { name = "automation", role = "editor" }, Cancel)).ReadJsonAsync();
        (await owner.PostAsJsonAsync("/api/oauth-clients", new { name = "sync", role = "viewer" }, Cancel)).EnsureSuccessStatusCode();
        // Audit entries are written from the outbox: the last one is in before the test goes on, so none arrives after the deletion.
        for (var waited = 0; waited < 100; waited++)
        {
            var audit = await (await owner.GetAsync("/api/audit?what=oauth client created", Cancel)).ReadJsonAsync();
            if (audit.GetProperty("total").GetInt64() > 0) break;
            await Task.Delay(100, Cancel);
        }
        return (runs, webhookUrl, key.GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task Deleting_a_workspace_deletes_everything_in_it_and_nothing_of_another()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var (_, webhookUrl, apiKey) = await FilledWorkspaceAsync(owner, workspace);
        var (neighbour, neighbourWorkspace) = await WorkspaceAsync();
        await FilledWorkspaceAsync(neighbour, neighbourWorkspace);
        (await RowsOfAsync(workspace)).ShouldNotBeEmpty();
        var neighbourRows = await RowsOfAsync(neighbourWorkspace);

        (await platform.Owner.DeleteAsync($"/api/workspaces/{workspace}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The modules delete theirs on the message committed with the deletion.
        var left = await RowsOfAsync(workspace);
        for (var waited = 0; left.Count > 0 && waited < 100; waited++)
        {
            await Task.Delay(100, Cancel);
            left = await RowsOfAsync(workspace);
        }
        left.ShouldBeEmpty();
        // The neighbour's audit entries may still be arriving: nothing of it is fewer.
        var neighbourLeft = await RowsOfAsync(neighbourWorkspace);
        foreach (var (table, count) in neighbourRows) neighbourLeft.GetValueOrDefault(table).ShouldBeGreaterThanOrEqualTo(count, table);

        await (await owner.GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await TestIdentity.WithApiKey(platform.Host.Address, apiKey).GetAsync("/api/actions", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using (var anonymous = new HttpClient())
            await (await anonymous.PostAsJsonAsync(webhookUrl, new { order = 2 }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var mine = await (await platform.Owner.GetAsync("/api/workspaces", Cancel)).ReadJsonAsync();
        mine.EnumerateArray().Select(w => w.GetProperty("id").GetString()).ShouldNotContain(workspace);
        (await (await neighbour.GetAsync("/api/actions", Cancel)).ReadJsonAsync()).GetProperty("items").GetArrayLength().ShouldBe(3);

        var reused = await (await platform.Owner.PostAsJsonAsync("/api/workspaces", new { id = workspace, name = "Again" }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        reused.GetProperty("detail").GetString()!.ShouldContain("deleted");
        await (await platform.Owner.DeleteAsync($"/api/workspaces/{workspace}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_run_in_progress_is_stopped_and_deleted_with_its_workspace()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var runs = new RunsClient(owner);
        // Loops until stopped, or until its 3 s time limit ends it.
        var action = await runs.ActiveActionAsync("while (true) {}");
        (await owner.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 3 }, Cancel)).EnsureSuccessStatusCode();
        var started = DateTimeOffset.UtcNow;
        var runId = await runs.StartRunAsync(action);
        await runs.WaitForStatusAsync(runId, "running");

        (await platform.Owner.DeleteAsync($"/api/workspaces/{workspace}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var left = await RowsOfAsync(workspace);
        for (var waited = 0; left.Count > 0 && waited < 200; waited++)
        {
            await Task.Delay(100, Cancel);
            left = await RowsOfAsync(workspace);
        }
        left.ShouldBeEmpty();
        // Past the moment the run would have ended by itself, it has written nothing more.
        var ended = started + TimeSpan.FromSeconds(5) - DateTimeOffset.UtcNow;
        if (ended > TimeSpan.Zero) await Task.Delay(ended, Cancel);
        (await RowsOfAsync(workspace)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("editor")]
    [InlineData("viewer")]
    public async Task Only_an_owner_deletes_a_workspace(string role)
    {
        var (owner, workspace) = await WorkspaceAsync();
        var (member, _, _) = await platform.Host.NewMemberAsync(workspace, role);

        var refused = await (await member.DeleteAsync($"/api/workspaces/{workspace}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString()!.ShouldContain("owner");
        (await owner.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_api_key_with_the_owner_role_cannot_delete_its_workspace()
    {
        var (owner, workspace) = await WorkspaceAsync();
        var key = await (await owner.PostAsJsonAsync("/api/api-keys", new { name = "owner key", role = "owner" }, Cancel)).ReadJsonAsync();
        var machine = TestIdentity.WithApiKey(platform.Host.Address, key.GetProperty("key").GetString()!);

        await (await machine.DeleteAsync($"/api/workspaces/{workspace}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await owner.GetAsync("/api/actions", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_workspace_the_caller_does_not_belong_to_is_not_found()
    {
        var (_, theirs) = await WorkspaceAsync();
        var (_, mine) = await WorkspaceAsync();
        var (stranger, _, _) = await platform.Host.NewMemberAsync(mine, "owner");

        await (await stranger.DeleteAsync($"/api/workspaces/{theirs}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync("/api/workspaces/no-such-workspace", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.DeleteAsync($"/api/workspaces/{new string('x', 300)}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await RowsOfAsync(theirs)).ShouldNotBeEmpty();
    }

    /// <summary>
    /// Every row any module keeps of the workspace, found by walking the database: each table with a
    /// tenant column (Marten's documents and events) or a workspace column. A module added later is
    /// covered without anyone remembering to. Wolverine's own message tables are not tenant data.
    /// </summary>
    private async Task<Dictionary<string, long>> RowsOfAsync(string workspace)
    {
        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        var tables = new List<(string Schema, string Table, string Column)>();
        await using (var columns = new NpgsqlCommand(
            "select table_schema, table_name, column_name from information_schema.columns " +
            "where column_name in ('tenant_id', 'workspace_id') and table_schema not in ('pg_catalog', 'information_schema', 'wolverine') order by 1, 2", connection))
        await using (var reader = await columns.ExecuteReaderAsync(Cancel))
            while (await reader.ReadAsync(Cancel)) tables.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        tables.ShouldContain(t => t.Table == "mt_events");

        var rows = new Dictionary<string, long>();
        foreach (var (schema, table, column) in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from \"{schema}\".\"{table}\" where {column} = $1", connection);
            count.Parameters.AddWithValue(workspace);
            var n = (long)(await count.ExecuteScalarAsync(Cancel))!;
            if (n > 0) rows[$"{schema}.{table}"] = n;
        }
        return rows;
    }
}
