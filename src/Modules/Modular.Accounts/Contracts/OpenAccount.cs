using Modular.Plugins.Sdk;

namespace Modular.Accounts.Contracts;

/// <summary>Asks for an account with its secrets, for a run to call its connector with. Answered in process only, never sent over a wire.</summary>
public sealed record OpenAccount(string AccountId);

/// <param name="Problem">Why the account cannot be used, in the user's words ("… is no longer connected"), when it cannot.</param>
public sealed record OpenedAccount(ConnectedAccount? Account, string? Problem);
