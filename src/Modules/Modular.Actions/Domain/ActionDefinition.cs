using System.Text.Json.Nodes;
using JasperFx;

namespace Modular.Actions.Domain;

public enum ActionState
{
    /// <summary>Saved, possibly incomplete, not available to agents.</summary>
    Draft,
    /// <summary>Published and running when its agent is active too.</summary>
    Active,
    /// <summary>Published but not running; where every published action starts.</summary>
    Paused,
}

/// <summary>
/// An action of a workspace, created from a library template. <see cref="Version"/> is Marten's
/// numeric revision: every write names the version it read, so concurrent edits cannot silently
/// overwrite each other.
/// </summary>
public sealed class ActionDefinition : IRevisioned
{
    public Guid Id { get; set; }
    public int Version { get; set; }

    public string Name { get; set; } = "";
    public string Intent { get; set; } = "";
    public JsonObject IntentFields { get; set; } = [];

    public string TemplateId { get; set; } = "";
    public string TemplateVersion { get; set; } = "";
    public string TemplateName { get; set; } = "";
    public string ConnectorId { get; set; } = "";
    public string Type { get; set; } = "";

    public string? AccountId { get; set; }
    public JsonObject Configuration { get; set; } = [];

    /// <summary>The SOP: what the action does and how, readable without the code.</summary>
    public string Description { get; set; } = "";
    /// <summary>Set when the code was edited by hand and the SOP may no longer describe it.</summary>
    public bool DescriptionNeedsReview { get; set; }
    public string Code { get; set; } = "";
    public bool CodeEdited { get; set; }

    public ActionState State { get; set; } = ActionState.Draft;

    /// <summary>Agents (test or published) that use the action; kept here so a delete and an attach cannot both win.</summary>
    public List<AgentUse> UsedBy { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";

    /// <summary>Lower-cased name, intent and template name, for text search.</summary>
    public string SearchText { get; set; } = "";

    public bool IsPublished => State != ActionState.Draft;

    public void Touch(string actor, DateTimeOffset now)
    {
        UpdatedAt = now;
        UpdatedBy = actor;
        SearchText = $"{Name} {Intent} {TemplateName} {ConnectorId}".ToLowerInvariant();
    }
}
