using Marten;
using Modular.Accounts.Contracts;
using Modular.Accounts.Domain;
using Modular.Accounts.Secrets;

namespace Modular.Accounts.Features;

/// <summary>Hands a run its action's account with the secrets opened, or says plainly why it cannot be used.</summary>
public static class OpenAccountHandler
{
    public static async Task<OpenedAccount> Handle(OpenAccount request, IQuerySession session, AccountVault vault, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var accountLoad = batch.Load<ConnectedAccount>(request.AccountId);
        var secretsLoad = batch.Load<AccountSecrets>(request.AccountId);
        await batch.Execute(cancellationToken);
        var account = await accountLoad;
        if (account is null) return new OpenedAccount(null, "The account this action uses is no longer connected: choose another account for it.");
        if (vault.Open(await secretsLoad) is not { } secrets) return new OpenedAccount(null, $"The account '{account.DisplayName}' cannot be used. {AccountVault.Unreadable}");
        return new OpenedAccount(AccountVault.ForOperation(account, secrets), null);
    }
}
