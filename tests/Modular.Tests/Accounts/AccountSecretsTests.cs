using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Modular.Testing;
using Modular.Tests.Runs;
using Npgsql;

namespace Modular.Tests.Accounts;

/// <summary>Secrets a node cannot open: the account says so, its runs fail saying so, and a node with the wrong master key does not start.</summary>
public sealed class AccountSecretsTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_that_cannot_be_opened_make_the_account_unreadable_and_its_runs_fail_saying_so()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());
        var created = await (await runs.Http.PostAsJsonAsync("/api/accounts", new
        {
            connectorId = "rest",
            method = "ApiKey",
            name = "Sealed elsewhere",
            values = new { headerName = "X-Api-Key", apiKey = PartnerServer.ApiKey, baseUrl = platform.Host.Partner.Address + "private" },
        }, Cancel)).ReadJsonAsync();
        var accountId = created.GetProperty("id").GetString()!;
        var actionId = await runs.ActiveActionAsync("const res = await rest.request({ url: '.' }); if (res.status !== 200) throw new Error('refused');");
        var action = await runs.Actions.GetJsonAsync(actionId);
        (await runs.Http.PutAsJsonAsync($"/api/actions/{actionId}/intent", new
        {
            name = action.GetProperty("name").GetString(),
            intent = action.GetProperty("intent").GetString(),
            intentFields = action.GetProperty("intentFields"),
            accountId,
            version = action.GetProperty("version").GetInt32(),
        }, Cancel)).EnsureSuccessStatusCode();

        // As if sealed by a key this node's master key does not open.
        await using (var connection = new NpgsqlConnection(platform.Host.ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var seal = new NpgsqlCommand(
                "update accounts.mt_doc_accountsecrets set data = jsonb_set(data, array[(select k from jsonb_object_keys(data) k where lower(k) = 'protected')], to_jsonb($2::text)) where id = $1",
                connection);
            seal.Parameters.AddWithValue(accountId);
            seal.Parameters.AddWithValue("CfDJ8" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)));
            (await seal.ExecuteNonQueryAsync(Cancel)).ShouldBe(1);
        }

        var account = await (await runs.Http.GetAsync($"/api/accounts/{accountId}", Cancel)).ReadJsonAsync();
        account.GetProperty("status").GetString().ShouldBe("unreadable");
        account.GetProperty("problem").GetString()!.ShouldContain("master key");
        var failed = await runs.WaitForEndAsync(await runs.StartRunAsync(actionId));
        failed.GetProperty("status").GetString().ShouldBe("failed");
        failed.GetProperty("error").GetString()!.ShouldContain("'Sealed elsewhere' cannot be used");

        // Entering the secret again mends it; the action needs no edit.
        (await runs.Http.PutAsJsonAsync($"/api/accounts/{accountId}/secret", new { values = new { apiKey = PartnerServer.ApiKey } }, Cancel)).EnsureSuccessStatusCode();
        (await runs.WaitForEndAsync(await runs.StartRunAsync(actionId))).GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_node_given_another_master_key_refuses_to_start_and_says_why()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = await HostProcess.StartAsync(database.ConnectionString))
        {
            // Signing in seals the key ring's first key.
            using var session = await TestIdentity.SignInAsync(first.Address);
        }

        // A node that starts after all is ended, so a failing test leaves no process behind.
        var refused = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var node = await HostProcess.StartAsync(database.ConnectionString,
                new Dictionary<string, string> { ["DataProtection__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        });

        refused.Message.ShouldContain("exited");
        refused.Message.ShouldContain("opens none of the");
    }

    [Fact]
    public async Task A_master_key_rotated_with_the_old_one_as_previous_keeps_every_secret_and_session_and_the_old_one_can_then_go()
    {
        await using var database = await TestDatabase.CreateAsync();
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string> Keys(string key, string? previous = null) => previous is null
            ? new() { ["DataProtection__MasterKey"] = key }
            : new() { ["DataProtection__MasterKey"] = key, ["DataProtection__PreviousMasterKeys"] = previous };
        // Cookies go by host, not port: the same browser for every node on 127.0.0.1.
        var cookies = new CookieContainer();
        string account;
        await using (var before = await HostProcess.StartAsync(database.ConnectionString, Keys(oldKey)))
        {
            using var session = await TestIdentity.SignInAsync(before.Address, cookies: cookies);
            var created = await session.PostAsJsonAsync("/api/accounts", new { connectorId = "rest", method = "Bearer", name = "Kept", values = new { token = "kept-token-1234" } }, Cancel);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
            account = (await created.ReadJsonAsync()).GetProperty("id").GetString()!;
        }

        async Task ShouldReadEverythingAsync(HostProcess node)
        {
            // The session signed in before the rotation, and the account's sealed secret, both still open.
            using var sameBrowser = TestIdentity.Session(node.Address, cookies);
            var read = await sameBrowser.GetAsync($"/api/accounts/{account}", Cancel);
            read.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await read.ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("connected");
        }
        await using (var rotating = await HostProcess.StartAsync(database.ConnectionString, Keys(newKey, previous: oldKey)))
            await ShouldReadEverythingAsync(rotating);
        await using (var rotated = await HostProcess.StartAsync(database.ConnectionString, Keys(newKey)))
            await ShouldReadEverythingAsync(rotated);

        // The ring is sealed by the new key alone now: the old one opens nothing.
        var refused = await Should.ThrowAsync<InvalidOperationException>(async () =>
        {
            await using var stale = await HostProcess.StartAsync(database.ConnectionString, Keys(oldKey));
        });
        refused.Message.ShouldContain("opens none of the");
    }
}
