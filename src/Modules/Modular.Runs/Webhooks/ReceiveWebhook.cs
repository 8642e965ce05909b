using System.Text;
using System.Text.Json.Nodes;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Plugins.Sdk;
using Modular.Runs.ManualRuns;
using Modular.Runs.Queueing;

namespace Modular.Runs.Webhooks;

/// <summary>
/// The public webhook URL. Any HTTP client POSTs JSON (or a form) that becomes the run's input; the
/// answer is 202 with the run id once the run is durably queued. A paused action answers 409 and the
/// call is recorded as a rejected run. With a signing secret, unsigned or wrongly signed calls get
/// 401; an Idempotency-Key makes a retried delivery answer the same run.
/// </summary>
public static class ReceiveWebhookEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static void MapReceiveWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost("/hooks/{token}", Handle).WithName("ReceiveWebhook").WithTags("Runs").WithSummary("Trigger an action from another system")
            .DisableAntiforgery().AllowAnonymous();

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> Handle(
        string token, HttpContext http, IDocumentStore store, WebhookRoutes routes, WorkspaceContext workspace, IDataProtectionProvider protection,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var route = token.Length <= 100 ? await routes.FindAsync(token, cancellationToken) : null;
        if (route is null) return Problems.NotFound("Webhook", "this URL");
        // The URL names the workspace: from here on the request works in it, like an /api request.
        // The URL names the workspace and stands for the trigger, which may run the action (an editor's right).
        workspace.Resolve(route.WorkspaceId, WorkspaceRole.Editor);
        var starter = http.RequestServices.GetRequiredService<RunStarter>();

        var body = await ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
            return TypedResults.Problem(title: "Payload too large", detail: $"A webhook body is limited to {RequestInput.MaxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);

        await using var session = store.QuerySession(route.WorkspaceId);
        var webhook = await session.LoadAsync<ActionWebhook>(route.ActionId, cancellationToken);
        if (webhook is not { Enabled: true } || webhook.Token != token) return Problems.NotFound("Webhook", "this URL");
        if (webhook.ProtectedSecret is not null)
        {
            var secret = protection.CreateProtector(ConfigureWebhookEndpoint.ProtectorPurpose).Unprotect(webhook.ProtectedSecret);
            if (WebhookSignature.Refusal(secret, http.Request.Headers, body, clock.GetUtcNow()) is { } refusal)
                return TypedResults.Problem(title: "Invalid signature", detail: refusal, statusCode: StatusCodes.Status401Unauthorized);
        }

        JsonNode? input;
        try
        {
            // The sender's data is kept as sent, except what the database cannot store (U+0000, lone surrogates: U+FFFD instead).
            input = SafeText.Clean(Input(http.Request, body));
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException)
        {
            return Problems.BadRequest($"The body is not valid JSON: {error.Message}");
        }

        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 200) return Problems.BadRequest($"{IdempotencyHeader} is limited to 200 characters.");
        // A signed delivery sent again (a sender's retry, or a replay within the signature's window) answers the first run.
        if (key.Length == 0 && webhook.ProtectedSecret is not null) key = "webhook-id:" + http.Request.Headers["webhook-id"];
        var deliveryId = $"{route.ActionId}:{key}";
        Guid? claimed = null;
        if (key.Length > 0)
        {
            var claim = await WebhookDeliveries.ClaimAsync(store, route.WorkspaceId, deliveryId, clock.GetUtcNow(), cancellationToken);
            if (!claim.Won) return Accepted(claim.RunId);
            claimed = claim.RunId;
        }

        StartResult result;
        try
        {
            result = await starter.StartAsync(route.WorkspaceId, route.ActionId, "webhook", input, "webhook", cancellationToken, claimed);
        }
        catch when (claimed is { } runId)
        {
            await WebhookDeliveries.ReleaseAsync(store, route.WorkspaceId, deliveryId, runId, CancellationToken.None);
            throw;
        }
        // A refused call keeps no claim: the sender's retry, once the action is active, runs.
        if (result is not StartResult.Queued && claimed is { } refused)
            await WebhookDeliveries.ReleaseAsync(store, route.WorkspaceId, deliveryId, refused, CancellationToken.None);
        return result switch
        {
            StartResult.Queued queued => Accepted(queued.RunId),
            StartResult.Rejected rejected => Problems.Conflict(rejected.Reason, rejected.RunId is { } runId ? new Dictionary<string, object?> { ["runId"] = runId } : null),
            _ => Problems.NotFound("Webhook", "this URL"),
        };
    }

    private static Accepted<RunAccepted> Accepted(Guid runId) => TypedResults.Accepted($"/api/runs/{runId}", new RunAccepted(runId, "queued"));

    /// <summary>The raw body (signatures are over the exact bytes), or null when it is over the limit.</summary>
    internal static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > RequestInput.MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > RequestInput.MaxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonNode? Input(HttpRequest request, string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            return new JsonObject(QueryHelpers.ParseQuery(body).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)pair.Value.ToString())));
        return JsonNode.Parse(SafeText.CleanJsonEscapes(body));
    }

}
