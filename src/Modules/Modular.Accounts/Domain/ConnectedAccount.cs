namespace Modular.Accounts.Domain;

/// <summary>A third-party account connected to a workspace. Its secrets are stored apart, encrypted.</summary>
public sealed class ConnectedAccount
{
    public string Id { get; set; } = "";
    public string ConnectorId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public DateTimeOffset ConnectedAt { get; set; }
}
