using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Actions.Contracts;
using Modular.Agents.Contracts;
using Modular.Runs.Execution;
using Npgsql;
using Wolverine;

namespace Modular.Runs.Triggers;

/// <summary>
/// Fires due schedules. One node at a time keeps the clock: it holds a PostgreSQL advisory lock on a
/// connection of its own; when that node dies, the lock goes with its connection and another node
/// takes the clock within <see cref="LeaderPoll"/>. Each pass reads the schedules due now in every
/// workspace, asks the Actions and Agents modules once per workspace, and queues the runs through the
/// journal, each committed with its schedule's next fire: a crash in between queues nothing twice and
/// skips nothing. A late fire is followed by the occurrence after it, not by "now": a backlog delays
/// fires, it never drops one.
/// </summary>
public sealed class ScheduleClock(
    NpgsqlDataSource dataSource, IDocumentStore store, IServiceScopeFactory scopes, RunJournal journal, TimeProvider clock,
    ILogger<ScheduleClock> logger) : BackgroundService
{
    public const int MaxBatch = 5_000;
    /// <summary>Fires written together: one statement moves all their schedules on.</summary>
    private const int FiresPerWrite = 64;
    private const long LockKey = 0x6D6F64756C6172; // "modular"
    private static readonly TimeSpan LeaderPoll = TimeSpan.FromSeconds(2);
    /// <summary>The longest sleep between passes, so that a schedule saved on any node is seen soon.</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LateWarning = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                if (!await TakeClockAsync(connection, stoppingToken))
                {
                    await Task.Delay(LeaderPoll, clock, stoppingToken);
                    continue;
                }
                logger.LogInformation("This node keeps the schedule clock");
                while (!stoppingToken.IsCancellationRequested)
                {
                    // The lock lives as long as its connection: a node cut from the database stops firing here.
                    await EnsureConnectedAsync(connection, stoppingToken);
                    if (await FireDueAsync(stoppingToken) < MaxBatch) await Task.Delay(await UntilNextFireAsync(stoppingToken), clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(error, "The schedule clock lost the database; trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    private static async Task<bool> TakeClockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(LockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task EnsureConnectedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<TimeSpan> UntilNextFireAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var next = await session.Query<ActionSchedule>()
            .Where(s => s.AnyTenant() && s.Enabled && s.NextFireAt != null)
            .OrderBy(s => s.NextFireAt).FirstOrDefaultAsync(cancellationToken);
        var wait = next?.NextFireAt is { } at ? at - clock.GetUtcNow() : MaxSleep;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxSleep ? MaxSleep : wait;
    }

    /// <summary>Fires the schedules due now (at most <see cref="MaxBatch"/>); returns how many were due.</summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<ActionSchedule> due;
        await using (var session = store.QuerySession())
            due = await session.Query<ActionSchedule>()
                .Where(s => s.AnyTenant() && s.Enabled && s.NextFireAt <= now)
                .OrderBy(s => s.NextFireAt).Take(MaxBatch).ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;

        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var fires = new List<Task>(due.Count);
        foreach (var workspace in due.GroupBy(s => s.WorkspaceId))
        {
            var actions = (await bus.InvokeForTenantAsync<ActionsRunInfo>(workspace.Key, new DescribeActionsForRun([.. workspace.Select(s => s.Id)]), cancellationToken))
                .Actions.ToDictionary(a => a.ActionId);
            var agentIds = actions.Values.Where(RunGate.NeedsAgents).SelectMany(a => a.AgentIds!).Distinct().ToList();
            IReadOnlyList<AgentActivity> agents = agentIds.Count == 0
                ? []
                : (await bus.InvokeForTenantAsync<AgentsActivity>(workspace.Key, new CheckAgentsActive(agentIds), cancellationToken)).Agents;
            fires.AddRange(workspace.Chunk(FiresPerWrite).Select(chunk => FireAsync(workspace.Key, chunk, actions, agents, cancellationToken)));
        }
        await Task.WhenAll(fires);
        var late = clock.GetUtcNow() - due[0].NextFireAt!.Value;
        if (late > LateWarning)
            logger.LogWarning("The schedule clock runs late: {Count} fires committed {LateMs:F0} ms after the first of them was due", due.Count, late.TotalMilliseconds);
        return due.Count;
    }

    private async Task FireAsync(
        string workspaceId, ActionSchedule[] schedules, IReadOnlyDictionary<Guid, ActionRunInfo> actions, IReadOnlyList<AgentActivity> agents,
        CancellationToken cancellationToken)
    {
        try
        {
            await journal.WriteAsync(workspaceId, Fire(schedules, actions, agents), cancellationToken);
        }
        catch (Exception error) when (schedules.Length > 1 && error is not OperationCanceledException)
        {
            // One fire failed them all (it was fired already, say): each on its own, so that only it fails.
            foreach (var schedule in schedules) await FireAsync(workspaceId, [schedule], actions, agents, cancellationToken);
        }
        catch (Exception error) when (RunJournal.IsDuplicateRun(error))
        {
            // Fired already (by a clock that lost its lock mid-pass): only the schedule moves on.
            await journal.WriteAsync(workspaceId, new RunJournal.Write(Advance(schedules)), cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The schedule stays due: the next pass fires it again (with the same run id).
            logger.LogError(error, "Firing the schedule of action {ActionId} at {FireAt} failed", schedules[0].Id, schedules[0].NextFireAt);
        }
    }

    /// <summary>The fires' runs (queued, or rejected while paused) and their schedules' next fires, in one write.</summary>
    private RunJournal.Write Fire(ActionSchedule[] schedules, IReadOnlyDictionary<Guid, ActionRunInfo> actions, IReadOnlyList<AgentActivity> agents)
    {
        // Stamped as they are handed to the journal, which commits them with its next batch.
        var trigger = new RunGate.Trigger("schedule", null, "schedule", clock.GetUtcNow());
        var runs = schedules
            .Where(schedule => actions[schedule.Id].Found)
            .Select(schedule =>
            {
                var action = actions[schedule.Id];
                var runId = RunIdOf(schedule.Id, schedule.Generation, schedule.NextFireAt!.Value);
                return RunGate.Refusal(action, agents) is { } reason
                    ? RunGate.Reject(runId, action, trigger, reason)
                    : RunGate.Queue(runId, action, trigger);
            })
            .ToList();
        return new RunJournal.Write(Advance(schedules), runs);
    }

    /// <summary>
    /// Moves each schedule to the occurrence after the fire it made (one statement for all), unless it
    /// was changed since it was read (a newer generation has its own next fire).
    /// </summary>
    private Action<IDocumentSession> Advance(ActionSchedule[] schedules)
    {
        var serializer = store.Options.Serializer();
        var next = schedules.Select(s => s.Next(s.NextFireAt!.Value, 1) is [var after, ..] ? after.ToUniversalTime() : (DateTimeOffset?)null).ToArray();
        var ids = schedules.Select(s => s.Id).ToArray();
        var generations = schedules.Select(s => s.Generation).ToArray();
        var nextJson = next.Select(n => serializer.ToJson(n)).ToArray();
        var firedJson = schedules.Select(s => serializer.ToJson(s.NextFireAt)).ToArray();
        var nextAt = next.Select(n => n?.ToString("O")).ToArray();
        return session => session.QueueSqlCommand(
            $"update {RunsModule.Schema}.mt_doc_actionschedule as s " +
            "set data = jsonb_set(jsonb_set(s.data, '{nextFireAt}', f.next_json::jsonb), '{lastFiredAt}', f.fired_json::jsonb), " +
            "next_fire_at = f.next_at::timestamptz, mt_last_modified = now() " +
            "from unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[]) as f(id, generation, next_json, fired_json, next_at) " +
            "where s.id = f.id and s.tenant_id = ? and (s.data ->> 'generation')::int = f.generation",
            ids, generations, nextJson, firedJson, nextAt, session.TenantId);
    }

    /// <summary>One run id per fire: a fire handled twice finds its run already queued.</summary>
    public static Guid RunIdOf(Guid actionId, int generation, DateTimeOffset fireAt) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{actionId}:{generation}:{fireAt:O}")));
}
