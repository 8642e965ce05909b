using System.Collections.Concurrent;
using Marten;

namespace Modular.Runs.Triggers;

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

/// <summary>A delivery seen with an Idempotency-Key: a retried delivery answers the same run instead of starting another.</summary>
public sealed class WebhookDelivery
{
    /// <summary>"{actionId}:{idempotency key}".</summary>
    public string Id { get; set; } = "";
    public Guid RunId { get; set; }
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
