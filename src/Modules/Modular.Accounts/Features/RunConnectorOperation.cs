using System.Diagnostics;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Contracts;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.Plugins.Sdk;
using Wolverine;
using Wolverine.Marten;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;

namespace Modular.Accounts.Features;

/// <param name="AccountId">The account the call is made with; none for a connector that needs none.</param>
/// <param name="Input">The operation's input, checked against its schema before any call.</param>
public sealed record RunConnectorOperationRequest(string? AccountId, JsonObject? Input);

/// <param name="Result">What the operation answered, as a script would receive it.</param>
public sealed record OperationRunView(string Operation, string? AccountId, long DurationMs, JsonNode? Result);

/// <summary>
/// One connector operation run by API, without building an action (to try an account, or for a
/// one-off call): through the same pipeline as a run's calls (credentials applied, rate limits,
/// retries, egress policy), validated like them, and written to the audit log (never the input or
/// the answer, which may hold personal data).
/// </summary>
public static class RunConnectorOperationEndpoint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static void MapRunConnectorOperation(this IEndpointRouteBuilder connectors) =>
        connectors.MapPost("/{connectorId}/operations/{operationId}/run", Handle).WithName("RunConnectorOperation")
            .WithSummary("Run one connector operation with an account, without an action (editors)");

    private static async Task<Results<Ok<OperationRunView>, ProblemHttpResult>> Handle(
        string connectorId, string operationId, RunConnectorOperationRequest request, HttpContext http, IDocumentSession session, IMartenOutbox outbox,
        IMessageBus bus, IConnectorCatalog catalog, ConnectorCalls calls, TimeProvider clock, CancellationToken cancellationToken)
    {
        var connector = catalog.FindConnector(connectorId);
        if (connector is null) return Problems.NotFound("Connector", connectorId);
        var operation = operationId.Length <= 200 ? connector.FindOperationByIdOrName(operationId) : null;
        if (operation is null) return Problems.NotFound("Operation", $"{operationId} of {connector.DisplayName}");

        var accountId = request.AccountId?.Trim();
        if (string.IsNullOrEmpty(accountId) && !connector.AllowsAnonymous)
            return Problems.Invalid("The operation needs an account.", Field("/accountId", $"{connector.DisplayName} calls need a connected account."));
        Plugins.Sdk.ConnectedAccount? opened = null;
        if (!string.IsNullOrEmpty(accountId))
        {
            var account = accountId.Length <= 100 ? await session.LoadAsync<ConnectedAccount>(accountId, cancellationToken) : null;
            if (account is null) return Problems.Invalid("No such account.", Field("/accountId", $"No account {Shorten(accountId)} in this workspace."));
            if (account.ConnectorId != connector.Id)
                return Problems.Invalid("The account is another connector's.", Field("/accountId", $"{account.DisplayName} is not a {connector.DisplayName} account."));
            var openedAccount = await bus.InvokeForTenantAsync<OpenedAccount>(session.TenantId, new OpenAccount(accountId), cancellationToken);
            if (openedAccount.Account is null) return Problems.Conflict(openedAccount.Problem!);
            opened = openedAccount.Account;
        }

        var connected = calls.Open(connector, opened, opened is null ? null : async (rejected, ct) =>
        {
            var fresh = await bus.InvokeForTenantAsync<OpenedAccount>(session.TenantId, new RefreshAccount(accountId!, rejected["access_token"] ?? ""), ct);
            return (fresh.Account, fresh.Problem);
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var started = Stopwatch.GetTimestamp();
        string outcome;
        Results<Ok<OperationRunView>, ProblemHttpResult> answer;
        try
        {
            var result = await operation.RunAsync(connected.Context(), request.Input ?? [], timeout.Token);
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            outcome = $"succeeded in {elapsed} ms";
            answer = TypedResults.Ok(new OperationRunView(operation.Id, accountId, elapsed, result));
        }
        catch (OperationInputException invalid)
        {
            // Refused before any call: nothing reached the connected system, so nothing is audited.
            return Problems.Invalid($"The input of {operation.Id} is not valid.", new Dictionary<string, string[]> { ["/input"] = [.. invalid.Problems] });
        }
        // Whatever else the call or the plugin throws is the call's failure, answered with its reason (a run would
        // fail with it); only the caller going away is not.
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = failure is OperationCanceledException
                ? $"{connector.DisplayName} did not answer within {Timeout.TotalSeconds:0} seconds."
                : SafeText.Clean(connected.Redact(failure.Message), 1_000);
            outcome = "failed: " + Shorten(reason);
            answer = Problems.BadGateway(reason);
        }

        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(session.TenantId, Actor.Name(http), "operation run", $"operation {operation.Id}",
            accountId is null ? outcome : $"with account {accountId}: {outcome}", clock.GetUtcNow()));
        await session.SaveChangesAsync(CancellationToken.None);
        return answer;
    }

    private static Dictionary<string, string[]> Field(string pointer, string message) => new() { [pointer] = [message] };

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
