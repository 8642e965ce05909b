using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Domain;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Wolverine;

namespace Modular.Accounts.Features;

/// <summary>The workspace's connected accounts, newest first, each with the actions that use it.</summary>
public static class ListAccountsEndpoint
{
    public static void MapListAccounts(this IEndpointRouteBuilder accounts)
    {
        accounts.MapGet("/", List).WithName("ListAccounts").WithSummary("Connected accounts, optionally of one connector, with the actions that use each");
        accounts.MapGet("/{id}", Get).WithName("GetAccount").WithSummary("A connected account (never its secrets)");
    }

    private static async Task<Results<Ok<AccountPage>, ProblemHttpResult>> List(
        IQuerySession session, IMessageBus bus, AccountVault vault, IConnectorCatalog catalog, CancellationToken cancellationToken,
        string? connector = null, int page = 1, int pageSize = 50)
    {
        if (Paging.Check(page, pageSize) is { } paging) return paging;
        if (connector is { Length: > 100 }) return Problems.BadRequest("connector is limited to 100 characters.");
        var query = session.Query<ConnectedAccount>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(connector)) query = query.Where(a => a.ConnectorId == connector);
        var accounts = await query.OrderByDescending(a => a.ConnectedAt).ToPagedListAsync(page, pageSize, cancellationToken);
        var views = await AccountViews.OfAsync(accounts.ToList(), session, bus, vault, catalog, cancellationToken);
        return TypedResults.Ok(new AccountPage(views, accounts.TotalItemCount, page, pageSize));
    }

    private static async Task<Results<Ok<AccountView>, ProblemHttpResult>> Get(
        string id, IQuerySession session, IMessageBus bus, AccountVault vault, IConnectorCatalog catalog, CancellationToken cancellationToken)
    {
        var account = id.Length <= 100 ? await session.LoadAsync<ConnectedAccount>(id, cancellationToken) : null;
        if (account is null) return Problems.NotFound("Account", id);
        return TypedResults.Ok((await AccountViews.OfAsync([account], session, bus, vault, catalog, cancellationToken))[0]);
    }
}
