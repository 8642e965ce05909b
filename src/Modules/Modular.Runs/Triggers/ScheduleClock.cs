using System.Security.Cryptography;
using System.Text;
using Marten;
using Marten.Exceptions;
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
            fires.AddRange(workspace.Select(schedule => FireAsync(workspace.Key, schedule, actions[schedule.Id], agents, cancellationToken)));
        }
        await Task.WhenAll(fires);
        var late = clock.GetUtcNow() - due[0].NextFireAt!.Value;
        if (late > LateWarning)
            logger.LogWarning("The schedule clock runs late: {Count} fires committed {LateMs:F0} ms after the first of them was due", due.Count, late.TotalMilliseconds);
        return due.Count;
    }

    private async Task FireAsync(
        string workspaceId, ActionSchedule schedule, ActionRunInfo action, IReadOnlyList<AgentActivity> agents, CancellationToken cancellationToken)
    {
        var fireAt = schedule.NextFireAt!.Value;
        var advance = Advance(schedule, fireAt);
        var runId = RunIdOf(schedule.Id, schedule.Generation, fireAt);
        // Stamped as it is handed to the journal, which commits it with the next batch.
        var trigger = new RunGate.Trigger("schedule", null, "schedule", clock.GetUtcNow());
        var write = !action.Found
            ? new RunJournal.Write(advance)
            : RunGate.Refusal(action, agents) is { } reason
                ? RunGate.Reject(runId, action, trigger, reason, advance)
                : RunGate.Queue(workspaceId, runId, action, trigger, advance);
        try
        {
            await journal.WriteAsync(workspaceId, write, cancellationToken);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Fired already (by a clock that lost its lock mid-pass): only the schedule moves on.
            await journal.WriteAsync(workspaceId, new RunJournal.Write(advance), cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The schedule stays due: the next pass fires it again (with the same run id).
            logger.LogError(error, "Firing the schedule of action {ActionId} at {FireAt} failed", schedule.Id, fireAt);
        }
    }

    /// <summary>
    /// Moves the schedule to the occurrence after <paramref name="fireAt"/>, unless it was changed since
    /// it was read (a newer generation has its own next fire).
    /// </summary>
    private Action<IDocumentSession> Advance(ActionSchedule schedule, DateTimeOffset fireAt)
    {
        var next = schedule.Next(fireAt, 1) is [var after, ..] ? after.ToUniversalTime() : (DateTimeOffset?)null;
        var serializer = store.Options.Serializer();
        return session => session.QueueSqlCommand(
            $"update {RunsModule.Schema}.mt_doc_actionschedule " +
            "set data = jsonb_set(jsonb_set(data, '{nextFireAt}', ?::jsonb), '{lastFiredAt}', ?::jsonb), next_fire_at = ?, mt_last_modified = now() " +
            "where id = ? and tenant_id = ? and (data ->> 'generation')::int = ?",
            serializer.ToJson(next), serializer.ToJson(fireAt), next.HasValue ? next.Value : DBNull.Value, schedule.Id, session.TenantId, schedule.Generation);
    }

    /// <summary>One run id per fire: a fire handled twice finds its run already queued.</summary>
    public static Guid RunIdOf(Guid actionId, int generation, DateTimeOffset fireAt) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{actionId}:{generation}:{fireAt:O}")));
}
