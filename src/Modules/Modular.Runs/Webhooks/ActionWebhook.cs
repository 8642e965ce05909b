using System.Collections.Concurrent;
using JasperFx;
using Marten;
using Modular.Runs.Domain;

namespace Modular.Runs.Webhooks;

/// <summary>An action's webhook trigger (its id is the action's id). The signing secret is encrypted at rest.</summary>
public sealed class ActionWebhook
{
    public Guid Id { get; set; }
    public bool Enabled { get; set; }
    public string Token { get; set; } = "";
    public string? ProtectedSecret { get; set; }
}

/// <summary>Finds the workspace and action of a public webhook URL; the one document kept outside any workspace.</summary>
public sealed class WebhookRoute
{
    /// <summary>The URL's unguessable token.</summary>
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public Guid ActionId { get; set; }
}

/// <summary>A delivery seen with an Idempotency-Key (or a signed webhook-id): a retried delivery answers the same run instead of starting another.</summary>
public sealed class WebhookDelivery
{
    /// <summary>"{actionId}:{idempotency key}".</summary>
    public string Id { get; set; } = "";
    public Guid RunId { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
}

/// <summary>
/// Claims a delivery's key before its run is queued, with one insert that PostgreSQL's unique key
/// makes atomic: of any number of concurrent deliveries, one wins and queues the run under the
/// claimed id; the others wait for its commit and answer that run. A claim whose run never came (its
/// node died in between) is taken over once it is <see cref="StaleAfter"/> old.
/// </summary>
public static class WebhookDeliveries
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);
    /// <summary>How long a key is remembered: a delivery sent again later than this starts a new run.</summary>
    public static readonly TimeSpan RememberedFor = TimeSpan.FromHours(24);

    public sealed record Claim(Guid RunId, bool Won);

    public static async Task<Claim> ClaimAsync(IDocumentStore store, string workspaceId, string deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            var runId = Guid.CreateVersion7();
            await using (var session = store.LightweightSession(workspaceId))
            {
                session.Insert(new WebhookDelivery { Id = deliveryId, RunId = runId, ClaimedAt = now });
                try
                {
                    await session.SaveChangesAsync(cancellationToken);
                    return new Claim(runId, true);
                }
                catch (Exception error) when (IsDuplicate(error))
                {
                    // Claimed by another delivery: its run is the answer.
                }
            }
            await using var query = store.QuerySession(workspaceId);
            var claimed = await query.LoadAsync<WebhookDelivery>(deliveryId, cancellationToken);
            if (claimed is null) continue;
            if (now - claimed.ClaimedAt < StaleAfter || await query.LoadAsync<Domain.Run>(claimed.RunId, cancellationToken) is not null)
                return new Claim(claimed.RunId, false);
            await ReleaseAsync(store, workspaceId, deliveryId, claimed.RunId, cancellationToken);
        }
    }

    /// <summary>Gives a claim up (its run was rejected or not queued): a delivery sent again is judged again.</summary>
    public static async Task ReleaseAsync(IDocumentStore store, string workspaceId, string deliveryId, Guid runId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(workspaceId);
        session.DeleteWhere<WebhookDelivery>(d => d.Id == deliveryId && d.RunId == runId);
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Forgets the keys claimed longer ago than <see cref="RememberedFor"/>, in every workspace; returns how many.</summary>
    public static async Task<int> ForgetOldAsync(Npgsql.NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"delete from {RunsModule.Schema}.mt_doc_webhookdelivery where (data ->> 'claimedAt')::timestamptz < $1");
        command.Parameters.AddWithValue(now - RememberedFor);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsDuplicate(Exception error) =>
        error is DocumentAlreadyExistsException || error.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
}

/// <summary>
/// Routes read once per node. A route never changes (rotating makes a new token), and every call
/// still checks the token against the action's webhook, so a cached route of a rotated or disabled
/// URL finds nothing.
/// </summary>
public sealed class WebhookRoutes(IDocumentStore store)
{
    private const int MaxCached = 100_000;
    private readonly ConcurrentDictionary<string, WebhookRoute> _routes = new();

    public async Task<WebhookRoute?> FindAsync(string token, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue(token, out var cached)) return cached;
        await using var session = store.QuerySession();
        var route = await session.LoadAsync<WebhookRoute>(token, cancellationToken);
        if (route is null) return null;
        if (_routes.Count >= MaxCached) _routes.Clear();
        return _routes[token] = route;
    }
}
