using System.Text.Json.Nodes;
using Marten;
using Modular.Accounts.Contracts;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;
using Wolverine;

namespace Modular.Runs.Triggers;

/// <summary>
/// An action's subscription to its connector's events (its id is the action's id): what was asked for, the
/// vendor's id of the subscription, and the secret header the vendor sends with every delivery (encrypted at rest).
/// </summary>
public sealed class ActionTrigger
{
    public Guid Id { get; set; }
    public string TriggerId { get; set; } = "";
    public JsonObject Input { get; set; } = [];
    public List<string> Events { get; set; } = [];
    /// <summary>The delivery URL's unguessable token (its <see cref="TriggerRoute"/>).</summary>
    public string Token { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    /// <summary>The vendor's id of the subscription (a Pipefy webhook's id).</summary>
    public string ExternalId { get; set; } = "";
    /// <summary>The account it was subscribed with, which ends it too.</summary>
    public string AccountId { get; set; } = "";
    public DateTimeOffset SubscribedAt { get; set; }
}

/// <summary>Finds the workspace and action of a delivery URL, outside any workspace (as <see cref="Webhooks.WebhookRoute"/>).</summary>
public sealed class TriggerRoute
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public Guid ActionId { get; set; }
}

/// <summary>The header a delivery must carry: the secret the vendor was given when the host subscribed.</summary>
public static class TriggerSecrets
{
    public const string Header = "X-Modular-Event-Secret";
    public const string ProtectorPurpose = "Modular.Runs.TriggerSecret";
}

/// <summary>A connector's calls with an account of the workspace, for subscribing and unsubscribing outside a run.</summary>
public static class TriggerConnections
{
    public static async Task<(ConnectorSession? Session, string? Problem)> OpenAsync(
        IMessageBus bus, ConnectorCalls calls, string workspaceId, ConnectorManifest connector, string accountId, CancellationToken cancellationToken)
    {
        var opened = await bus.InvokeForTenantAsync<OpenedAccount>(workspaceId, new OpenAccount(accountId), cancellationToken);
        if (opened.Account is null) return (null, opened.Problem);
        return (calls.Open(connector, opened.Account, async (rejected, ct) =>
        {
            var fresh = await bus.InvokeForTenantAsync<OpenedAccount>(workspaceId, new RefreshAccount(accountId, rejected["access_token"] ?? ""), ct);
            return (fresh.Account, fresh.Problem);
        }), null);
    }

    /// <summary>Ends the vendor's subscription; the reason it could not, or null.</summary>
    public static async Task<string?> UnsubscribeAsync(
        IMessageBus bus, ConnectorCalls calls, IConnectorCatalog catalog, string workspaceId, ActionTrigger subscription, CancellationToken cancellationToken)
    {
        var connectorId = subscription.TriggerId.Split('.')[0];
        if (catalog.FindConnector(connectorId) is not { } connector || connector.FindTrigger(subscription.TriggerId) is not { } trigger)
            return $"The connector '{connectorId}' is no longer installed.";
        var (session, problem) = await OpenAsync(bus, calls, workspaceId, connector, subscription.AccountId, cancellationToken);
        if (session is null) return problem;
        try
        {
            await trigger.UnsubscribeAsync(session.Context(), subscription.ExternalId, cancellationToken);
            return null;
        }
        catch (Exception failure) when (failure is ConnectorCallException or BuildingBlocks.Egress.EgressException or HttpRequestException or OperationCanceledException)
        {
            return SafeText.Clean(session.Redact(failure.Message), 1_000);
        }
    }
}
