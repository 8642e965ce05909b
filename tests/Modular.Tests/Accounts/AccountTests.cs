using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;
using Modular.Tests.Runs;
using Npgsql;

namespace Modular.Tests.Accounts;

/// <summary>Accounts that authenticate with fields (the REST connector's API key, token, user and password), on the partner API that wants a key.</summary>
public sealed class AccountTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string PrivateUrl => platform.Host.Partner.Address + "private";

    private static object ApiKeyAccount(string key, string? baseUrl, string name = "Partner API") =>
        new { connectorId = "rest", method = "ApiKey", name, values = new { headerName = "X-Api-Key", apiKey = key, baseUrl } };

    private static async Task<string> ConnectAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/accounts", body, Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>Points the action at the account through its intent page, as the console does.</summary>
    private static Task<HttpResponseMessage> UseAccountAsync(RunsClient runs, Guid actionId, string? accountId) =>
        UseAccountAsync(runs.Http, actionId, accountId);

    private static async Task<HttpResponseMessage> UseAccountAsync(HttpClient client, Guid actionId, string? accountId)
    {
        var action = await (await client.GetAsync($"/api/actions/{actionId}", Cancel)).ReadJsonAsync();
        return await client.PutAsJsonAsync($"/api/actions/{actionId}/intent", new
        {
            name = action.GetProperty("name").GetString(),
            intent = action.GetProperty("intent").GetString(),
            intentFields = action.GetProperty("intentFields"),
            accountId,
            version = action.GetProperty("version").GetInt32(),
        }, Cancel);
    }

    // Relative to the account's base URL (the partner's /private itself).
    private const string CallsPrivate = "const res = await rest.request({ url: '.' }); log('answered ' + res.status); if (res.status !== 200) throw new Error('refused ' + res.status);";

    [Fact]
    public async Task An_api_key_account_is_tested_saved_and_used_by_the_runs_of_its_action()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var accountId = await ConnectAsync(runs.Http, ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl));
        var actionId = await runs.ActiveActionAsync(CallsPrivate);
        (await UseAccountAsync(runs, actionId, accountId)).EnsureSuccessStatusCode();

        var run = await runs.WaitForEndAsync(await runs.StartRunAsync(actionId));
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());

        var account = await (await runs.Http.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync();
        account.GetProperty("status").GetString().ShouldBe("connected");
        account.GetProperty("settings").GetProperty("baseUrl").GetString().ShouldBe(PrivateUrl);
        account.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).ShouldBe(["apiKey"]);
        account.GetProperty("usedBy")[0].GetProperty("actionId").GetGuid().ShouldBe(actionId);
    }

    [Fact]
    public async Task A_key_the_test_call_refuses_is_not_saved()
    {
        var client = await platform.NewWorkspaceClientAsync();

        var refused = await (await client.PostAsJsonAsync("/api/accounts", ApiKeyAccount("not-the-key", PrivateUrl), Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);

        refused.GetProperty("errors").GetProperty("/values")[0].GetString()!.ShouldContain("401");
        (await (await client.GetAsync("/api/accounts", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task No_secret_is_readable_from_the_api_the_run_events_or_a_dump_of_the_database()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        // The partner takes any bearer token on /echo; this one must never show again.
        var secret = "sk-live-" + Guid.NewGuid().ToString("N");
        var accountId = await ConnectAsync(runs.Http, new { connectorId = "rest", method = "Bearer", name = "Echo", values = new { token = secret } });
        var actionId = await runs.ActiveActionAsync($"const res = await rest.request({{ method: 'POST', url: '{platform.Host.Partner.Address}echo', body: {{ hello: 'world' }} }}); log(res.status);");
        (await UseAccountAsync(runs, actionId, accountId)).EnsureSuccessStatusCode();
        var runId = await runs.StartRunAsync(actionId);
        var run = await runs.WaitForEndAsync(runId);
        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());

        foreach (var path in new[]
        {
            "/api/accounts", $"/api/accounts/{accountId}", $"/api/actions/{actionId}", $"/api/actions/{actionId}/history",
            $"/api/runs/{runId}", $"/api/actions/{actionId}/runs", "/api/audit",
        })
        {
            var body = await (await runs.Http.GetAsync(path, Cancel)).Content.ReadAsStringAsync(Cancel);
            body.ShouldNotContain(secret, customMessage: path);
        }
        string.Join("\n", (await RunTests.EventsAsync(runs, runId)).Select(e => e.ToString())).ShouldNotContain(secret);
        (await DatabaseTextContainingAsync(secret)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_account_in_use_cannot_be_disconnected_and_can_once_its_action_is_deleted()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var accountId = await ConnectAsync(runs.Http, ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl));
        var actionId = await runs.ActiveActionAsync(CallsPrivate, "Counts orders");
        (await UseAccountAsync(runs, actionId, accountId)).EnsureSuccessStatusCode();

        var refused = await (await runs.Http.DeleteAsync($"/api/accounts/{accountId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        refused.GetProperty("detail").GetString()!.ShouldContain("Counts orders");
        refused.GetProperty("actions")[0].GetProperty("actionId").GetGuid().ShouldBe(actionId);

        (await runs.Actions.DeleteAsync(actionId, (await runs.Actions.GetJsonAsync(actionId)).GetProperty("version").GetInt32())).EnsureSuccessStatusCode();
        (await runs.Http.DeleteAsync($"/api/accounts/{accountId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await runs.Http.GetAsync($"/api/accounts/{accountId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await RowsAsync("accounts.mt_doc_accountsecrets", accountId)).ShouldBe(0);
    }

    [Fact]
    public async Task Replacing_an_account_switches_every_action_that_uses_it()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var old = await ConnectAsync(runs.Http, ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl, "Old key"));
        var replacement = await ConnectAsync(runs.Http, ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl, "New key"));
        var first = await runs.ActiveActionAsync(CallsPrivate, "First");
        var second = await runs.ActiveActionAsync(CallsPrivate, "Second");
        (await UseAccountAsync(runs, first, old)).EnsureSuccessStatusCode();
        (await UseAccountAsync(runs, second, old)).EnsureSuccessStatusCode();

        var replaced = await (await runs.Http.PostAsJsonAsync($"/api/accounts/{old}/replace", new { accountId = replacement }, Cancel)).ReadJsonAsync();

        replaced.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("actionId").GetGuid()).ShouldBe([first, second], ignoreOrder: true);
        (await runs.Actions.GetJsonAsync(first)).GetProperty("accountId").GetString().ShouldBe(replacement);
        var history = await (await runs.Http.GetAsync($"/api/actions/{second}/history", Cancel)).ReadJsonAsync();
        history.ToString().ShouldContain(replacement);
        (await runs.Http.DeleteAsync($"/api/accounts/{old}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await runs.WaitForEndAsync(await runs.StartRunAsync(second))).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_new_key_keeps_the_actions_working_without_an_edit()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        // No base URL: nothing to test, so the wrong key is saved, and the runs are refused.
        var accountId = await ConnectAsync(runs.Http, ApiKeyAccount("an-old-revoked-key", null));
        var actionId = await runs.ActiveActionAsync($"const res = await rest.request({{ url: '{PrivateUrl}' }}); if (res.status !== 200) throw new Error('refused ' + res.status);");
        (await UseAccountAsync(runs, actionId, accountId)).EnsureSuccessStatusCode();
        (await runs.WaitForEndAsync(await runs.StartRunAsync(actionId))).GetProperty("error").GetString()!.ShouldContain("refused 401");

        await (await runs.Http.PutAsJsonAsync($"/api/accounts/{accountId}/secret", new { values = new { apiKey = "still-wrong", baseUrl = PrivateUrl } }, Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        (await runs.Http.PutAsJsonAsync($"/api/accounts/{accountId}/secret", new { values = new { apiKey = PartnerServer.ApiKey } }, Cancel)).EnsureSuccessStatusCode();

        (await runs.WaitForEndAsync(await runs.StartRunAsync(actionId))).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_disconnect_racing_a_switch_to_the_account_never_leaves_an_action_on_a_disconnected_account()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var actionId = await runs.ActiveActionAsync("log('hi');", "Switched");
        for (var round = 0; round < 15; round++)
        {
            var accountId = await ConnectAsync(runs.Http, ApiKeyAccount("key-" + round, null, "Round " + round));
            var answers = await Task.WhenAll(
                UseAccountAsync(runs, actionId, accountId),
                runs.Http.DeleteAsync($"/api/accounts/{accountId}", Cancel));
            var (switched, disconnected) = (answers[0], answers[1]);

            ((int)switched.StatusCode).ShouldBeLessThan(500);
            ((int)disconnected.StatusCode).ShouldBeLessThan(500);
            (switched.IsSuccessStatusCode && disconnected.IsSuccessStatusCode).ShouldBeFalse($"round {round}: both the switch and the disconnect succeeded");
            var now = (await runs.Actions.GetJsonAsync(actionId)).GetProperty("accountId");
            if (now.ValueKind == JsonValueKind.String && now.GetString() == accountId)
                (await runs.Http.GetAsync($"/api/accounts/{accountId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK, $"round {round}");
            if (switched.IsSuccessStatusCode) (await UseAccountAsync(runs, actionId, null)).EnsureSuccessStatusCode();
        }
    }

    [Theory]
    [InlineData("""{"connectorId": "no-such-connector", "method": "ApiKey"}""", "/connectorId")]
    [InlineData("""{"connectorId": "rest", "method": "OAuth2"}""", "/method")]
    [InlineData("""{"connectorId": "rest", "method": "None"}""", "/method")]
    [InlineData("""{"connectorId": "rest", "method": "ApiKey", "values": {"headerName": "X-Api-Key"}}""", "/values/apiKey")]
    [InlineData("""{"connectorId": "rest", "method": "ApiKey", "values": {"headerName": "X-Api-Key", "apiKey": "k", "password": "p"}}""", "/values/password")]
    [InlineData("""{"connectorId": "rest", "method": "ApiKey", "values": {"headerName": "X-Api-Key", "apiKey": "k\r\nX-Injected: 1"}}""", "/values/apiKey")]
    [InlineData("""{"connectorId": "rest", "method": "ApiKey", "values": {"headerName": "X-Api-Key", "apiKey": "k", "baseUrl": "file:///etc/passwd"}}""", "/values/baseUrl")]
    [InlineData("""{"connectorId": "rest", "method": "Basic", "values": {"username": "u"}}""", "/values/password")]
    public async Task Bad_accounts_are_refused_with_the_field(string body, string pointer)
    {
        var client = await platform.NewWorkspaceClientAsync();
        var refused = await (await client.PostAsync("/api/accounts", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Cancel))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("errors").TryGetProperty(pointer, out _).ShouldBeTrue(refused.ToString());
    }

    [Fact]
    public async Task An_account_of_another_workspace_is_not_found_and_cannot_be_used()
    {
        var theirs = await platform.NewWorkspaceClientAsync();
        var accountId = await ConnectAsync(theirs, ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl));
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var actionId = await runs.ActiveActionAsync("log('mine');");

        await (await runs.Http.GetAsync($"/api/accounts/{accountId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await runs.Http.DeleteAsync($"/api/accounts/{accountId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await runs.Http.PutAsJsonAsync($"/api/accounts/{accountId}/secret", new { values = new { apiKey = "x" } }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var refused = await (await UseAccountAsync(runs, actionId, accountId)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        refused.GetProperty("errors").TryGetProperty("/accountId", out _).ShouldBeTrue();
        (await theirs.GetAsync($"/api/accounts/{accountId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_viewer_sees_accounts_and_connects_none()
    {
        var owner = await platform.NewWorkspaceClientAsync();
        var (viewer, _, _) = await platform.Host.NewMemberAsync(owner.DefaultRequestHeaders.GetValues("X-Workspace").Single(), "viewer");
        var accountId = await ConnectAsync(owner, ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl));

        (await viewer.GetAsync($"/api/accounts/{accountId}", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await viewer.PostAsJsonAsync("/api/accounts", ApiKeyAccount(PartnerServer.ApiKey, PrivateUrl), Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.DeleteAsync($"/api/accounts/{accountId}", Cancel)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<long> RowsAsync(string table, string id)
    {
        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var count = new NpgsqlCommand($"select count(*) from {table} where id = $1", connection);
        count.Parameters.AddWithValue(id);
        return (long)(await count.ExecuteScalarAsync(Cancel))!;
    }

    /// <summary>Every table of the database, read as text (what a dump holds), that contains <paramref name="text"/>.</summary>
    private async Task<List<string>> DatabaseTextContainingAsync(string text)
    {
        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync(Cancel))
            while (await reader.ReadAsync(Cancel)) tables.Add(reader.GetString(0));
        tables.Count.ShouldBeGreaterThan(10);
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"select count(*) from {table} t where strpos(t::text, $1) > 0", connection);
            search.Parameters.AddWithValue(text);
            if ((long)(await search.ExecuteScalarAsync(Cancel))! > 0) found.Add(table);
        }
        return found;
    }
}
