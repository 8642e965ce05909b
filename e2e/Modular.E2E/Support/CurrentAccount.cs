namespace Modular.E2E.Support;

/// <summary>The connected account a scenario works on: its unique name (scenarios share one database) and, once known, its id.</summary>
public sealed class CurrentAccount
{
    public string Name { get; private set; } = "";
    public string? Id { get; set; }

    /// <summary>Makes <paramref name="name"/> unique to this scenario.</summary>
    public string Named(string name) => Name = $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    public string RequireId() => Id ?? throw new InvalidOperationException("The scenario has not connected an account yet.");
}
