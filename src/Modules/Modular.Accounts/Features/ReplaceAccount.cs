using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;
using Modular.BuildingBlocks.Http;
using Wolverine;

namespace Modular.Accounts.Features;

public sealed record ReplaceAccountRequest(string? AccountId);

public sealed record AccountReplaced(IReadOnlyList<AccountUserView> Actions);

/// <summary>Switches every action that uses an account to another account of the same connector, in one step (each action's history says so).</summary>
public static class ReplaceAccountEndpoint
{
    public static void MapReplaceAccount(this IEndpointRouteBuilder accounts) =>
        accounts.MapPost("/{id}/replace", Handle).WithName("ReplaceAccount").WithSummary("Switch every action that uses this account to another account of the same connector");

    private static async Task<Results<Ok<AccountReplaced>, ProblemHttpResult>> Handle(
        string id, ReplaceAccountRequest request, HttpContext http, IQuerySession session, IMessageBus bus, CancellationToken cancellationToken)
    {
        var account = id.Length <= 100 ? await session.LoadAsync<ConnectedAccount>(id, cancellationToken) : null;
        if (account is null) return Problems.NotFound("Account", id);
        var other = request.AccountId is { Length: > 0 and <= 100 } otherId ? await session.LoadAsync<ConnectedAccount>(otherId, cancellationToken) : null;
        var violations = new Violations();
        if (other is null) violations.Add("/accountId", "Choose another connected account of this workspace.");
        else if (other.Id == account.Id) violations.Add("/accountId", "Choose an account other than the one being replaced.");
        else if (other.ConnectorId != account.ConnectorId)
            violations.Add("/accountId", $"'{other.DisplayName}' is a '{other.ConnectorId}' account; '{account.DisplayName}' can only be replaced by a '{account.ConnectorId}' account.");
        if (violations.Any) return Problems.Invalid("The account cannot be replaced.", violations.ToDictionary());

        var switched = await bus.InvokeForTenantAsync<ActionsSwitched>(session.TenantId, new SwitchActionsToAccount(account.Id, other!.Id, Actor.Name(http)), cancellationToken);
        return TypedResults.Ok(new AccountReplaced(switched.Actions.Select(a => new AccountUserView(a.ActionId, a.ActionName)).ToList()));
    }
}
