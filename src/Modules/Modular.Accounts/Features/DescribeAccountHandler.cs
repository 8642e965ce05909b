using Marten;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;

namespace Modular.Accounts.Features;

/// <summary>Answers other modules (the Actions module checks an action's account) for the message's workspace.</summary>
public static class DescribeAccountHandler
{
    public static async Task<AccountDescription> Handle(DescribeAccount request, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<ConnectedAccount>(request.AccountId, cancellationToken) is { } account
            ? new AccountDescription(account.Id, true, account.ConnectorId, account.DisplayName)
            : new AccountDescription(request.AccountId, false);
}
