namespace Modular.Library.Domain;

/// <summary>When a workspace last created an action from a template (the library's "Recent" tab).</summary>
public sealed class RecentTemplate
{
    /// <summary>The template id.</summary>
    public string Id { get; set; } = "";
    public DateTimeOffset LastUsedAt { get; set; }
}
