using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Modular.Actions.Contracts;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Modular.Plugins.Sdk;
using Wolverine;

namespace Modular.Runs.Triggers;

/// <param name="TriggerId">One of the action's connector's triggers (<c>pipes.cardEvents</c>).</param>
/// <param name="Input">The trigger's form (the pipe whose cards are watched).</param>
/// <param name="Events">The events that run the action (<c>card_created</c>, <c>card_moved</c>).</param>
public sealed record SubscribeTriggerRequest(string? TriggerId, JsonObject? Input, IReadOnlyList<string>? Events);

/// <summary>The trigger section of the action page: what the action's connector can announce, and what the action listens to.</summary>
/// <param name="Warning">Set when the connected system could not be told of a change (the subscription there to end by hand).</param>
public sealed record TriggerView(IReadOnlyList<TriggerTypeView> Available, TriggerSubscriptionView? Subscription, string? Warning = null);

public sealed record TriggerTypeView(string Id, string Name, string Description, IReadOnlyList<TriggerEventView> Events, IReadOnlyList<TriggerFieldView> Fields);

public sealed record TriggerEventView(string Id, string Name);

/// <summary>A form field, as the console's field inputs read them.</summary>
public sealed record TriggerFieldView(string Key, string Label, string Kind, bool Required, string? Help, string? Placeholder, string? OptionsFrom, IReadOnlyList<string> OptionsNeed);

public sealed record TriggerSubscriptionView(string TriggerId, JsonObject Input, IReadOnlyList<string> Events, DateTimeOffset SubscribedAt);

/// <summary>
/// Subscribes an action to its connector's events: the host asks the vendor (with the action's account) to send them
/// to a delivery URL of its own, with a secret header; each delivery then runs the action (<see cref="ReceiveTriggerEventEndpoint"/>).
/// Changing the subscription ends the previous one at the vendor; so does removing it, and deleting the action.
/// </summary>
public static class ConfigureTriggerEndpoint
{
    private static readonly TimeSpan VendorTimeout = TimeSpan.FromSeconds(30);

    public static void MapConfigureTrigger(this IEndpointRouteBuilder api)
    {
        api.MapGet("/actions/{actionId:guid}/trigger", Get).WithName("GetTrigger").WithTags("Runs").WithSummary("The events an action can run on, and the ones it does");
        api.MapPut("/actions/{actionId:guid}/trigger", Put).WithName("SubscribeTrigger").WithTags("Runs").WithSummary("Run an action on events of the connected system");
        api.MapDelete("/actions/{actionId:guid}/trigger", Delete).WithName("UnsubscribeTrigger").WithTags("Runs").WithSummary("Stop running an action on events");
    }

    private static async Task<Results<Ok<TriggerView>, ProblemHttpResult>> Get(
        Guid actionId, IQuerySession session, IMessageBus bus, IConnectorCatalog catalog, WorkspaceContext workspace, CancellationToken cancellationToken)
    {
        var action = await bus.InvokeForTenantAsync<ActionRunInfo>(workspace.Id, new DescribeActionForRun(actionId), cancellationToken);
        if (!action.Found) return Problems.NotFound("Action", actionId.ToString());
        return TypedResults.Ok(View(catalog.FindConnector(action.ConnectorId), await session.LoadAsync<ActionTrigger>(actionId, cancellationToken)));
    }

    private static async Task<Results<Ok<TriggerView>, ProblemHttpResult>> Put(
        Guid actionId, SubscribeTriggerRequest request, IDocumentSession session, IMessageBus bus, IConnectorCatalog catalog, ConnectorCalls calls,
        PublicAddress address, IDataProtectionProvider protection, WorkspaceContext workspace, TimeProvider clock, ILogger<ActionTrigger> logger,
        CancellationToken cancellationToken)
    {
        var action = await bus.InvokeForTenantAsync<ActionRunInfo>(workspace.Id, new DescribeActionForRun(actionId), cancellationToken);
        if (!action.Found) return Problems.NotFound("Action", actionId.ToString());
        var connector = catalog.FindConnector(action.ConnectorId);
        var trigger = request.TriggerId is { Length: > 0 and <= 200 } id ? connector?.FindTrigger(id) : null;
        if (trigger is null)
            return Problems.Invalid("The trigger cannot be saved.", new Dictionary<string, string[]>
            {
                ["/triggerId"] = [connector is null || connector.Triggers.Count == 0
                    ? "The action's connector announces no events."
                    : $"Choose one of {string.Join(", ", connector.Triggers.Select(t => t.Id))}."],
            });
        var errors = new Dictionary<string, string[]>();
        var events = (request.Events ?? []).Distinct().ToList();
        var known = trigger.Events.Select(e => e.Id).ToHashSet();
        if (events.Count == 0 || events.Any(e => !known.Contains(e)))
            errors["/events"] = [$"Choose one or more of {string.Join(", ", known)}."];
        var input = new JsonObject();
        foreach (var field in trigger.Inputs)
        {
            var value = request.Input?[field.Key] is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : "";
            if (value.Length > (field.MaxLength ?? 1_000)) errors[$"/input/{field.Key}"] = [$"{field.Label} is limited to {field.MaxLength ?? 1_000} characters."];
            else if (value.Length > 0) input[field.Key] = value;
            else if (field.Required) errors[$"/input/{field.Key}"] = [$"{field.Label} is required."];
        }
        if (errors.Count > 0) return Problems.Invalid("The trigger cannot be saved.", errors);
        if (action.AccountId is null) return Problems.Conflict($"The action has no connected {connector!.DisplayName} account to subscribe with: choose one on its intent page.");

        var (connection, problem) = await TriggerConnections.OpenAsync(bus, calls, workspace.Id, connector!, action.AccountId, cancellationToken);
        if (connection is null) return Problems.Conflict(problem!);
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        string externalId;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(VendorTimeout);
            try
            {
                externalId = await trigger.SubscribeAsync(connection.Context(), new TriggerSubscription(
                    input, events, new Uri(address.For($"hooks/events/{token}")), new Dictionary<string, string> { [TriggerSecrets.Header] = secret },
                    $"{SafeText.Clean(action.Name, 80)} (Modular)"), timeout.Token);
            }
            catch (OperationInputException invalid)
            {
                return Problems.Invalid("The trigger cannot be saved.", new Dictionary<string, string[]> { ["/input"] = [.. invalid.Problems] });
            }
            catch (Exception failure) when (failure is ConnectorCallException or EgressException or HttpRequestException
                || failure is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var reason = failure is OperationCanceledException ? $"{connector!.DisplayName} did not answer within {VendorTimeout.TotalSeconds:0} seconds." : failure.Message;
                return Problems.BadGateway($"{connector!.DisplayName} refused the subscription: {SafeText.Clean(connection.Redact(reason), 1_000)}");
            }
        }

        var previous = await session.LoadForChangeAsync<ActionTrigger>(actionId, cancellationToken);
        if (previous is not null) session.Delete<TriggerRoute>(previous.Token);
        var subscription = new ActionTrigger
        {
            Id = actionId,
            TriggerId = trigger.Id,
            Input = input,
            Events = events,
            Token = token,
            ProtectedSecret = protection.CreateProtector(TriggerSecrets.ProtectorPurpose).Protect(secret),
            ExternalId = externalId,
            AccountId = action.AccountId,
            SubscribedAt = clock.GetUtcNow(),
        };
        session.Store(subscription);
        session.Store(new TriggerRoute { Id = token, WorkspaceId = workspace.Id, ActionId = actionId });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            // Not saved: the vendor's new subscription would deliver to a URL nobody knows.
            await TriggerConnections.UnsubscribeAsync(bus, calls, catalog, workspace.Id, subscription, CancellationToken.None);
            throw;
        }
        string? warning = null;
        if (previous is not null && await TriggerConnections.UnsubscribeAsync(bus, calls, catalog, workspace.Id, previous, cancellationToken) is { } refusal)
        {
            warning = $"The previous subscription could not be ended at {connector!.DisplayName} ({refusal}); its deliveries are refused here.";
            logger.LogWarning("The previous trigger subscription of action {ActionId} could not be ended at the vendor: {Reason}", actionId, refusal);
        }
        return TypedResults.Ok(View(connector, subscription) with { Warning = warning });
    }

    private static async Task<Results<Ok<TriggerView>, ProblemHttpResult>> Delete(
        Guid actionId, IDocumentSession session, IMessageBus bus, IConnectorCatalog catalog, ConnectorCalls calls, WorkspaceContext workspace,
        CancellationToken cancellationToken)
    {
        var action = await bus.InvokeForTenantAsync<ActionRunInfo>(workspace.Id, new DescribeActionForRun(actionId), cancellationToken);
        if (!action.Found) return Problems.NotFound("Action", actionId.ToString());
        var connector = catalog.FindConnector(action.ConnectorId);
        var subscription = await session.LoadForChangeAsync<ActionTrigger>(actionId, cancellationToken);
        if (subscription is null) return TypedResults.Ok(View(connector, null));
        // Ended here in any case: a delivery after this is refused even if the vendor keeps sending.
        session.Delete<ActionTrigger>(actionId);
        session.Delete<TriggerRoute>(subscription.Token);
        await session.SaveChangesAsync(cancellationToken);
        var refusal = await TriggerConnections.UnsubscribeAsync(bus, calls, catalog, workspace.Id, subscription, cancellationToken);
        return TypedResults.Ok(View(connector, null) with
        {
            Warning = refusal is null ? null : $"The subscription could not be ended at {connector?.DisplayName ?? "the connected system"} ({refusal}); its deliveries are refused here.",
        });
    }

    private static TriggerView View(ConnectorManifest? connector, ActionTrigger? subscription) => new(
        connector?.Triggers.Select(t => new TriggerTypeView(t.Id, t.DisplayName, t.Description,
            [.. t.Events.Select(e => new TriggerEventView(e.Id, e.DisplayName))],
            [.. t.Inputs.Select(f => new TriggerFieldView(f.Key, f.Label, f.Kind.ToString(), f.Required, f.Help, f.Placeholder, f.OptionsFrom, connector.OptionsNeed(f)))])).ToList() ?? [],
        subscription is null ? null : new TriggerSubscriptionView(subscription.TriggerId, subscription.Input, subscription.Events, subscription.SubscribedAt));
}
