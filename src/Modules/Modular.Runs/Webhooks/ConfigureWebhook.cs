using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Modular.Runs.Queueing;
using Wolverine;

namespace Modular.Runs.Webhooks;

/// <param name="Secret">Write-only: a Standard Webhooks secret ("whsec_" + base64) to require signed calls; "" removes it.</param>
public sealed record ConfigureWebhookRequest(bool Enabled, bool Rotate = false, string? Secret = null);

/// <summary>The secret is never returned: only whether calls must be signed.</summary>
public sealed record WebhookView(bool Enabled, string? Url, bool SignatureRequired);

/// <summary>The webhook section of the action page: enable, copy the URL, rotate it, set a signing secret.</summary>
public static class ConfigureWebhookEndpoint
{
    public const string ProtectorPurpose = "Modular.Runs.WebhookSecret";

    public static void MapConfigureWebhook(this IEndpointRouteBuilder api)
    {
        api.MapGet("/actions/{actionId:guid}/webhook", Get).WithName("GetWebhook").WithTags("Runs").WithSummary("An action's webhook trigger");
        api.MapPut("/actions/{actionId:guid}/webhook", Put).WithName("ConfigureWebhook").WithTags("Runs").WithSummary("Enable, rotate or sign an action's webhook");
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Get(
        Guid actionId, PublicAddress address, IQuerySession session, IMessageBus bus, WorkspaceContext workspace, CancellationToken cancellationToken)
    {
        if (!await ActionLookup.ExistsAsync(bus, workspace.Id, actionId, cancellationToken))
            return Problems.NotFound("Action", actionId.ToString());
        var webhook = await session.LoadAsync<ActionWebhook>(actionId, cancellationToken);
        return TypedResults.Ok(View(address, webhook));
    }

    private static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Put(
        Guid actionId, ConfigureWebhookRequest request, PublicAddress address, IDocumentSession session, IMessageBus bus,
        WorkspaceContext workspace, IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        if (request.Secret is { Length: > 0 } secret && !IsSecret(secret))
            return Problems.Invalid("The webhook cannot be saved.", new Dictionary<string, string[]> { ["/secret"] = ["A signing secret is \"whsec_\" followed by base64 (24 bytes or more)."] });
        if (!await ActionLookup.ExistsAsync(bus, workspace.Id, actionId, cancellationToken))
            return Problems.NotFound("Action", actionId.ToString());

        var webhook = await session.LoadForChangeAsync<ActionWebhook>(actionId, cancellationToken) ?? new ActionWebhook { Id = actionId };
        if (request.Enabled && (webhook.Token.Length == 0 || request.Rotate))
        {
            if (webhook.Token.Length > 0) session.Delete<WebhookRoute>(webhook.Token);
            webhook.Token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
            session.Store(new WebhookRoute { Id = webhook.Token, WorkspaceId = workspace.Id, ActionId = actionId });
        }
        webhook.Enabled = request.Enabled;
        if (request.Secret is not null)
            webhook.ProtectedSecret = request.Secret.Length == 0 ? null : protection.CreateProtector(ProtectorPurpose).Protect(request.Secret);
        session.Store(webhook);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(address, webhook));
    }

    /// <summary>The URL is built on the configured public address, never on the request's Host header.</summary>
    private static WebhookView View(PublicAddress address, ActionWebhook? webhook) =>
        webhook is { Enabled: true }
            ? new WebhookView(true, address.For($"hooks/{webhook.Token}"), webhook.ProtectedSecret is not null)
            : new WebhookView(false, null, webhook?.ProtectedSecret is not null);

    private static bool IsSecret(string secret)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal)) return false;
        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[6..], buffer, out var length) && length >= 24;
    }
}
