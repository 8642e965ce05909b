using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modular.Runs.Execution;
using Npgsql;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Runtime;

namespace Modular.Runs.Schedules;

/// <summary>
/// Fires due schedules. One node at a time keeps the clock: it holds a PostgreSQL advisory lock on a
/// connection of its own; when that node dies, the lock goes with its connection and another node
/// takes the clock within <see cref="LeaderPoll"/>. Each pass reads the schedules due now in every
/// workspace and fires them: a fire is the schedule moved on to its next occurrence, committed with a
/// durable message that then creates the run (<see cref="CreateScheduledRuns"/>). A crash in between
/// fires nothing twice and skips nothing. The fire is what must be on time, and it is a few small
/// writes; creating runs (which asks the Actions and Agents modules, and writes each run's stream and
/// summary) follows on its own queue. A late fire is followed by the occurrence after it, not by "now":
/// a backlog delays fires, it never drops one.
/// </summary>
public sealed class ScheduleClock(
    NpgsqlDataSource dataSource, IDocumentStore store, IWolverineRuntime runtime, RunSlots slots, TimeProvider clock,
    ILogger<ScheduleClock> logger) : BackgroundService
{
    public const int MaxBatch = 20_000;
    /// <summary>Fires written together: one statement moves all their schedules on, one message records them.</summary>
    private const int FiresPerWrite = 500;
    /// <summary>Transactions in flight at once.</summary>
    private const int Writers = 2;
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

        // The fires first: runs wait to start until they are committed.
        using var hold = slots.HoldStarts();
        var chunks = due.GroupBy(s => s.WorkspaceId).SelectMany(workspace => workspace.Chunk(FiresPerWrite));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = cancellationToken },
            async (chunk, token) => await FireAsync(chunk[0].WorkspaceId, chunk, token));
        var late = clock.GetUtcNow() - due[0].NextFireAt!.Value;
        logger.Log(late > LateWarning ? LogLevel.Warning : LogLevel.Information,
            "The schedule clock fired {Count} schedules, the first due at {DueAt:HH:mm:ss.fff}; all were committed {LateMs:F0} ms after it",
            due.Count, due[0].NextFireAt!.Value, late.TotalMilliseconds);
        return due.Count;
    }

    /// <summary>
    /// Moves each schedule to the occurrence after its fire and records the fires, in one transaction.
    /// A schedule changed since it was read (a newer generation) or fired already (by a clock that lost
    /// its lock mid-pass) is not moved, and makes no fire.
    /// </summary>
    private async Task FireAsync(string workspaceId, ActionSchedule[] schedules, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.LightweightSession(workspaceId);
            await session.BeginTransactionAsync(cancellationToken);
            var moved = await AdvanceAsync(session.Connection!, workspaceId, schedules, cancellationToken);
            if (moved.Count == 0) return;
            var fires = schedules.Where(s => moved.Contains(s.Id)).Select(s => new ScheduledFire(RunIdOf(s.Id, s.Generation, s.NextFireAt!.Value), s.Id)).ToList();
            // The fire time (the runs' queuedAt) is stamped just before the commit that makes the fires durable.
            await new MartenOutbox(runtime, session).SendAsync(new CreateScheduledRuns(workspaceId, clock.GetUtcNow(), fires), new DeliveryOptions { TenantId = workspaceId });
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The schedules stay due: the next pass fires them.
            logger.LogError(error, "Firing {Count} schedules of workspace {WorkspaceId} failed", schedules.Length, workspaceId);
        }
    }

    /// <summary>One statement for all: returns the schedules it moved.</summary>
    private async Task<HashSet<Guid>> AdvanceAsync(NpgsqlConnection connection, string workspaceId, ActionSchedule[] schedules, CancellationToken cancellationToken)
    {
        var serializer = store.Options.Serializer();
        var next = schedules.Select(s => s.Next(s.NextFireAt!.Value, 1) is [var after, ..] ? after.ToUniversalTime() : (DateTimeOffset?)null).ToArray();
        await using var command = new NpgsqlCommand(
            $"update {RunsModule.Schema}.mt_doc_actionschedule as s " +
            "set data = jsonb_set(jsonb_set(s.data, '{nextFireAt}', f.next_json::jsonb), '{lastFiredAt}', f.fired_json::jsonb), " +
            "next_fire_at = f.next_at, mt_last_modified = now() " +
            "from unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::timestamptz[]) as f(id, generation, fired_at, next_json, fired_json, next_at) " +
            "where s.id = f.id and s.tenant_id = $7 and (s.data ->> 'generation')::int = f.generation and s.next_fire_at = f.fired_at " +
            "returning s.id", connection);
        command.Parameters.AddWithValue(schedules.Select(s => s.Id).ToArray());
        command.Parameters.AddWithValue(schedules.Select(s => s.Generation).ToArray());
        command.Parameters.AddWithValue(schedules.Select(s => s.NextFireAt!.Value.ToUniversalTime()).ToArray());
        command.Parameters.AddWithValue(next.Select(n => serializer.ToJson(n)).ToArray());
        command.Parameters.AddWithValue(schedules.Select(s => serializer.ToJson(s.NextFireAt)).ToArray());
        command.Parameters.AddWithValue(next);
        command.Parameters.AddWithValue(workspaceId);
        var moved = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) moved.Add(reader.GetGuid(0));
        return moved;
    }

    /// <summary>One run id per fire: a fire handled twice finds its run already queued.</summary>
    public static Guid RunIdOf(Guid actionId, int generation, DateTimeOffset fireAt) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{actionId}:{generation}:{fireAt:O}")));
}
