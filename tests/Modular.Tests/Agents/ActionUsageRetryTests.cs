using System.Net;
using Modular.Testing;
using Modular.Tests.Actions;
using Npgsql;

namespace Modular.Tests.Agents;

/// <summary>
/// A fact the Agents module committed is applied by the Actions module even when the first try
/// fails (here its database connection is ended while it waits for the action's row lock): it is
/// tried again, not dead-lettered, so the action does not stay "used" by an agent that let it go.
/// </summary>
public sealed class ActionUsageRetryTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_detach_whose_usage_update_loses_its_database_connection_is_applied_when_tried_again()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var (actions, agents) = (new ActionsClient(client), new AgentsClient(client));
        var action = (await actions.CreatePublishedActionAsync("Held by a lock")).GetProperty("id").GetGuid();
        var agent = await agents.CreateAsync("Lets it go");
        (await agents.AttachAsync(agent, action)).EnsureSuccessStatusCode();
        await actions.WaitForUsersAsync(action, [agent.ToString()]);

        await using (var holder = new NpgsqlConnection(platform.Host.ConnectionString))
        {
            await holder.OpenAsync(Cancel);
            await using var hold = await holder.BeginTransactionAsync(Cancel);
            await using (var lockRow = new NpgsqlCommand("select 1 from actions.mt_doc_actiondefinition where id = $1 for update", holder, hold))
            {
                lockRow.Parameters.AddWithValue(action);
                await lockRow.ExecuteScalarAsync(Cancel);
            }

            (await agents.DetachAsync(agent, action)).EnsureSuccessStatusCode();
            var waiting = await WaitForBlockedBackendAsync(holder.ProcessID);
            await using (var end = new NpgsqlCommand("select pg_terminate_backend($1)", holder, hold))
            {
                end.Parameters.AddWithValue(waiting);
                (await end.ExecuteScalarAsync(Cancel)).ShouldBe(true);
            }

            await hold.RollbackAsync(Cancel);
        }

        await actions.WaitForUsersAsync(action, [], TimeSpan.FromSeconds(30));
        (await actions.DeleteLatestAsync(action)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    /// <summary>The backend that waits for the row lock <paramref name="holder"/> holds: the usage handler's.</summary>
    private async Task<int> WaitForBlockedBackendAsync(int holder)
    {
        await using var watcher = new NpgsqlConnection(platform.Host.ConnectionString);
        await watcher.OpenAsync(Cancel);
        await using var blocked = new NpgsqlCommand("select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) limit 1", watcher);
        blocked.Parameters.AddWithValue(holder);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await blocked.ExecuteScalarAsync(Cancel) is int pid) return pid;
            await Task.Delay(20, Cancel);
        }

        throw new TimeoutException("No backend waited for the action's row lock: the detach's usage update never ran.");
    }
}
