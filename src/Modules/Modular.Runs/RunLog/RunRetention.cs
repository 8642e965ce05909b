using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modular.Runs.Domain;
using Modular.Runs.Webhooks;
using Npgsql;

namespace Modular.Runs.RunLog;

/// <summary>How long ended runs are kept (configuration section Runs:Retention).</summary>
public sealed class RetentionOptions
{
    /// <summary>Ended runs older than this many days are deleted; 0 keeps them regardless of age.</summary>
    public int Days { get; set; } = 30;
    /// <summary>Only the newest runs of each action are kept; 0 keeps any number.</summary>
    public int MaxRunsPerAction { get; set; } = 1_000;
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Deletes old ended runs, with their logs and documents, on every node's schedule (a sweep is
/// idempotent); the same sweep forgets webhook delivery keys older than a day.
/// </summary>
public sealed class RunRetention(IDocumentStore store, NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RunRetention> logger)
    : BackgroundService
{
    private static readonly string Expired = $"""
        select tenant_id, id from (
          select tenant_id, id, data->>'endedAt' as ended_at,
                 row_number() over (partition by tenant_id, data->>'actionId' order by data->>'queuedAt' desc) as newest
          from {RunsModule.Schema}.mt_doc_run) runs
        where ended_at is not null
          and (($1 > 0 and ended_at::timestamptz < $2) or ($3 > 0 and newest > $3))
        limit 5000
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Retention deleted {RunCount} old runs", deleted);
                await WebhookDeliveries.ForgetOldAsync(dataSource, clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(exception, "Run retention sweep failed; it runs again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Days <= 0 && settings.MaxRunsPerAction <= 0) return 0;
        var expired = new List<(string Tenant, Guid Run)>();
        await using (var command = dataSource.CreateCommand(Expired))
        {
            command.Parameters.AddWithValue(settings.Days);
            command.Parameters.AddWithValue(clock.GetUtcNow().AddDays(-settings.Days));
            command.Parameters.AddWithValue(settings.MaxRunsPerAction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) expired.Add((reader.GetString(0), reader.GetGuid(1)));
        }
        foreach (var workspace in expired.GroupBy(e => e.Tenant))
        {
            await using var session = store.LightweightSession(workspace.Key);
            RunDeletion.Delete(session, workspace.Select(e => e.Run).ToList());
            await session.SaveChangesAsync(cancellationToken);
        }
        return expired.Count;
    }
}
