using Marten;
using Modular.BuildingBlocks.Http;
using Modular.Accounts.Contracts;
using Modular.Actions.Domain;
using Wolverine;

namespace Modular.Actions.Features;

/// <summary>
/// An action's account must be a connected account of the same workspace and connector. The check
/// shares the account's lock until the action commits, so the account cannot be disconnected between
/// the check and the save (<see cref="AccountLock"/>).
/// </summary>
public static class AccountCheck
{
    /// <param name="session">The session that saves the action: its transaction holds the lock.</param>
    public static async Task VerifyAsync(
        IMessageBus bus, IDocumentSession session, string workspaceId, string? accountId, string connectorId, Violations violations, CancellationToken cancellationToken)
    {
        if (accountId is null) return;
        if (accountId.Length is 0 or > 100)
        {
            violations.Add("/accountId", "The account id is not valid.");
            return;
        }
        await AccountLock.ShareAsync(session, accountId, cancellationToken);
        var account = await bus.InvokeForTenantAsync<AccountDescription>(workspaceId, new DescribeAccount(accountId), cancellationToken);
        // An account of another workspace is reported exactly like one that does not exist.
        if (!account.Found) violations.Add("/accountId", $"No connected account '{accountId}' exists in this workspace.");
        else if (account.ConnectorId != connectorId)
            violations.Add("/accountId", $"The account '{account.DisplayName}' belongs to the '{account.ConnectorId}' connector; this action needs a '{connectorId}' account.");
    }
}
