using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.BuildingBlocks.Http;
using Modular.Plugins.Sdk;
using Wolverine;

namespace Modular.Accounts.Features;

/// <param name="Operation">The choices operation, by id (<c>slack.channelOptions</c>) or by its name within the account's connector.</param>
/// <param name="Input">What the operation needs to choose from (a spreadsheet's id for its sheets); nothing for most.</param>
public sealed record ListAccountOptionsRequest(string? Operation, JsonObject? Input);

/// <summary>
/// The choices of a configuration dropdown (Slack channels, HubSpot deal stages), read from the vendor with
/// the account: a connector's options operation run through the same pipeline as a run's calls.
/// </summary>
public static class ListAccountOptionsEndpoint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static void MapListAccountOptions(this IEndpointRouteBuilder accounts) =>
        accounts.MapPost("/{id}/options", Handle).WithName("ListAccountOptions")
            .WithSummary("The choices a configuration dropdown offers, read from the connected system with this account");

    private static async Task<Results<Ok<OptionList>, ProblemHttpResult>> Handle(
        string id, ListAccountOptionsRequest request, IQuerySession session, IMessageBus bus, IConnectorCatalog catalog, ConnectorCalls calls, CancellationToken cancellationToken)
    {
        var account = id.Length <= 100 ? await session.LoadAsync<ConnectedAccount>(id, cancellationToken) : null;
        if (account is null) return Problems.NotFound("Account", id);
        var connector = catalog.FindConnector(account.ConnectorId);
        var name = request.Operation?.Trim() ?? "";
        var operation = connector is null || name.Length is 0 or > 200 ? null
            : connector.FindOperationByIdOrName(name);
        if (operation is null || !GivesOptions(operation))
            return Problems.Invalid("No choices can be read.", new Dictionary<string, string[]>
            {
                ["/operation"] = [connector is null
                    ? $"The account's connector '{account.ConnectorId}' is no longer installed."
                    : $"{connector.DisplayName} has no choices operation '{Shorten(name)}'; it has {string.Join(", ", connector.Operations.Where(GivesOptions).Select(o => o.Id).DefaultIfEmpty("none"))}."],
            });

        var opened = await bus.InvokeForTenantAsync<OpenedAccount>(session.TenantId, new OpenAccount(id), cancellationToken);
        if (opened.Account is null) return Problems.Conflict(opened.Problem!);
        var connected = calls.Open(connector!, opened.Account, async (rejected, ct) =>
        {
            var fresh = await bus.InvokeForTenantAsync<OpenedAccount>(session.TenantId, new RefreshAccount(id, rejected["access_token"] ?? ""), ct);
            return (fresh.Account, fresh.Problem);
        });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var result = await operation.RunAsync(connected.Context(), request.Input ?? [], timeout.Token);
            return TypedResults.Ok(result.Deserialize<OptionList>(OperationJson.Options) ?? new OptionList([]));
        }
        catch (OperationInputException invalid)
        {
            return Problems.Invalid("No choices can be read.", new Dictionary<string, string[]> { ["/input"] = [.. invalid.Problems] });
        }
        catch (Exception failure) when (failure is ConnectorCallException or EgressException or HttpRequestException
            || failure is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = failure is OperationCanceledException ? $"{connector!.DisplayName} gave no choices within {Timeout.TotalSeconds:0} seconds." : failure.Message;
            return Problems.BadGateway(SafeText.Clean(connected.Redact(reason), 1_000));
        }
    }

    private static bool GivesOptions(ConnectorOperation operation)
    {
        for (var type = operation.GetType(); type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Operation<,>)) return type.GetGenericArguments()[1] == typeof(OptionList);
        return false;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
