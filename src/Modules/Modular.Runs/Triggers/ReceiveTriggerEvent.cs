using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Plugins.Sdk;
using Modular.Runs.ManualRuns;
using Modular.Runs.Queueing;
using Modular.Runs.Webhooks;

namespace Modular.Runs.Triggers;

/// <summary>
/// Where the connected system delivers the events an action subscribed to (<see cref="ConfigureTriggerEndpoint"/>):
/// a delivery without the subscription's secret header is refused (401); one of the subscribed events runs the
/// action with the vendor's payload and <c>eventId</c> as its input (202); any other event is answered 204 and
/// starts nothing. Rate limits and the size limit are the webhooks' (<c>/hooks/</c>).
/// </summary>
public static class ReceiveTriggerEventEndpoint
{
    public static void MapReceiveTriggerEvent(this IEndpointRouteBuilder app) =>
        app.MapPost("/hooks/events/{token}", Handle).WithName("ReceiveTriggerEvent").WithTags("Runs").WithSummary("An event the connected system delivers")
            .DisableAntiforgery().AllowAnonymous();

    private static async Task<Results<Accepted<RunAccepted>, NoContent, ProblemHttpResult>> Handle(
        string token, HttpContext http, IDocumentStore store, WorkspaceContext workspace, IDataProtectionProvider protection, IConnectorCatalog catalog,
        CancellationToken cancellationToken)
    {
        TriggerRoute? route = null;
        if (token.Length <= 100)
            await using (var global = store.QuerySession())
                route = await global.LoadAsync<TriggerRoute>(token, cancellationToken);
        if (route is null) return Problems.NotFound("Event URL", "this URL");
        workspace.Resolve(route.WorkspaceId, WorkspaceRole.Editor);

        var body = await ReceiveWebhookEndpoint.ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
            return TypedResults.Problem(title: "Payload too large", detail: $"A delivery is limited to {RequestInput.MaxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);

        await using var session = store.QuerySession(route.WorkspaceId);
        var subscription = await session.LoadAsync<ActionTrigger>(route.ActionId, cancellationToken);
        if (subscription is null || subscription.Token != token) return Problems.NotFound("Event URL", "this URL");
        var secret = protection.CreateProtector(TriggerSecrets.ProtectorPurpose).Unprotect(subscription.ProtectedSecret);
        var given = http.Request.Headers[TriggerSecrets.Header].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret)))
            return Problems.Unauthorized($"A delivery carries the {TriggerSecrets.Header} header the subscription gave the sender.");

        JsonNode? payload;
        try
        {
            payload = SafeText.Clean(JsonNode.Parse(SafeText.CleanJsonEscapes(body)));
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException)
        {
            return Problems.BadRequest($"The body is not valid JSON: {error.Message}");
        }
        var trigger = catalog.FindConnector(subscription.TriggerId.Split('.')[0])?.FindTrigger(subscription.TriggerId);
        if (trigger is null) return Problems.NotFound("Event URL", "this URL");
        if (trigger.Read(payload) is not { } received || !subscription.Events.Contains(received.EventId)) return TypedResults.NoContent();

        var input = new JsonObject { ["eventId"] = received.EventId };
        foreach (var (name, value) in received.Data)
            if (name != "eventId") input[name] = value?.DeepClone();
        var starter = http.RequestServices.GetRequiredService<RunStarter>();
        return await starter.StartAsync(route.WorkspaceId, route.ActionId, "event", input, subscription.TriggerId, cancellationToken) switch
        {
            StartResult.Queued queued => TypedResults.Accepted($"/api/runs/{queued.RunId}", new RunAccepted(queued.RunId, "queued")),
            StartResult.Rejected rejected => Problems.Conflict(rejected.Reason, rejected.RunId is { } runId ? new Dictionary<string, object?> { ["runId"] = runId } : null),
            _ => Problems.NotFound("Event URL", "this URL"),
        };
    }
}
