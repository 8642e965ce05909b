using System.Text.Json.Nodes;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;

namespace Modular.Actions.Features;

/// <summary>An action as its page shows it.</summary>
public sealed record ActionView(
    Guid Id,
    string Name,
    string Intent,
    JsonObject IntentFields,
    string TemplateId,
    string TemplateName,
    string TemplateVersion,
    string ConnectorId,
    string Type,
    TemplateStatus Template,
    string? AccountId,
    JsonObject Configuration,
    string Description,
    bool DescriptionNeedsReview,
    string Code,
    bool CodeEdited,
    string State,
    IReadOnlyList<AgentUseView> UsedBy,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public static ActionView From(ActionDefinition action, IConnectorCatalog catalog) => new(
        action.Id, action.Name, action.Intent, action.IntentFields, action.TemplateId, action.TemplateName, action.TemplateVersion,
        action.ConnectorId, action.Type, TemplateStatus.Of(action, catalog), action.AccountId, action.Configuration,
        action.Description, action.DescriptionNeedsReview, action.Code, action.CodeEdited, StateName(action.State), AgentUseView.Of(action),
        action.Version, action.CreatedAt, action.CreatedBy, action.UpdatedAt, action.UpdatedBy);

    public static string StateName(ActionState state) => state.ToString().ToLowerInvariant();
}

/// <summary>An agent using the action, as the action page and the delete refusal list it.</summary>
public sealed record AgentUseView(string AgentId, string AgentName)
{
    public static IReadOnlyList<AgentUseView> Of(ActionDefinition action) => [.. action.UsedBy.Select(u => new AgentUseView(u.AgentId, u.AgentName))];
}

/// <summary>Whether the template an action came from is still installed, and at which version.</summary>
public sealed record TemplateStatus(bool Available, string? InstalledVersion, string? Message)
{
    public static TemplateStatus Of(ActionDefinition action, IConnectorCatalog catalog)
    {
        if (catalog.FindTemplate(action.TemplateId) is not { } entry)
            return new TemplateStatus(false, null,
                $"The template '{action.TemplateId}' is no longer installed (its plugin was removed). The action keeps its code, but its configuration cannot be changed until the plugin is back.");
        var installed = entry.Connector.Version;
        return installed == action.TemplateVersion
            ? new TemplateStatus(true, installed, null)
            : new TemplateStatus(true, installed, $"Created from version {action.TemplateVersion}; version {installed} is installed now.");
    }
}

public sealed record ActionSummary(
    Guid Id, string Name, string Intent, string TemplateId, string TemplateName, string ConnectorId, string Type,
    string State, int UsedByCount, int Version, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static ActionSummary From(ActionDefinition a) =>
        new(a.Id, a.Name, a.Intent, a.TemplateId, a.TemplateName, a.ConnectorId, a.Type, ActionView.StateName(a.State), a.UsedBy.Count, a.Version, a.UpdatedAt, a.UpdatedBy);
}
