namespace Modular.Accounts.Contracts;

/// <summary>Asks whether a connected account exists in the workspace, and of which connector.</summary>
public sealed record DescribeAccount(string AccountId);

public sealed record AccountDescription(string AccountId, bool Found, string? ConnectorId = null, string? DisplayName = null);
