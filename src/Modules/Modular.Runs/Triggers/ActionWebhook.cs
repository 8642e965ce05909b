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
