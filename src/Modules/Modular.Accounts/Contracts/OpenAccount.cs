using Modular.Plugins.Sdk;

namespace Modular.Accounts.Contracts;

/// <summary>Asks for an account with its secrets, for a run to call its connector with. Answered in process only, never sent over a wire.</summary>
public sealed record OpenAccount(string AccountId);

/// <param name="Problem">Why the account cannot be used, in the user's words ("… is no longer connected"), when it cannot.</param>
public sealed record OpenedAccount(ConnectedAccount? Account, string? Problem);

/// <summary>
/// Asks for the account again after the vendor refused <paramref name="RejectedAccessToken"/> (a 401): refreshed,
/// unless another call already replaced that token. Answered in process only.
/// </summary>
public sealed record RefreshAccount(string AccountId, string RejectedAccessToken);
