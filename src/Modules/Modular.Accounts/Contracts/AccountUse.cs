namespace Modular.Accounts.Contracts;

/// <summary>Asks the Actions module which actions (any state, not deleted) use these accounts.</summary>
public sealed record FindAccountUse(IReadOnlyList<string> AccountIds);

public sealed record AccountUse(IReadOnlyList<AccountUser> Users)
{
    public IReadOnlyList<AccountUser> Of(string accountId) => Users.Where(u => u.AccountId == accountId).ToList();
}

public sealed record AccountUser(string AccountId, Guid ActionId, string ActionName);

/// <summary>Asks the Actions module to switch every action using one account to another of the same connector, in one transaction.</summary>
public sealed record SwitchActionsToAccount(string FromAccountId, string ToAccountId, string By);

public sealed record ActionsSwitched(IReadOnlyList<AccountUser> Actions);
