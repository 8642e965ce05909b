using Modular.Plugins.Sdk;

namespace Modular.BuildingBlocks.Connectors;

/// <summary>The connectors the host loaded from plugins, and what went wrong loading the others.</summary>
public interface IConnectorCatalog
{
    IReadOnlyList<ConnectorManifest> Connectors { get; }
    IReadOnlyList<PluginReport> Plugins { get; }
    ConnectorManifest? FindConnector(string connectorId);
    CatalogTemplate? FindTemplate(string templateId);
}

/// <summary>A template with the connector that supplies it.</summary>
public sealed record CatalogTemplate(ConnectorManifest Connector, TemplateDefinition Template)
{
    public string Type => Template.Type ?? Connector.Category;
}

public enum PluginStatus
{
    Loaded,
    Failed,
}

/// <summary>One plugin folder as the loader found it.</summary>
public sealed record PluginReport(
    string Name,
    string Path,
    PluginStatus Status,
    string? Version,
    IReadOnlyList<string> ConnectorIds,
    string? Error,
    DateTimeOffset LoadedAt);

public static class ConnectorIcons
{
    /// <summary>
    /// Where the console loads a connector's icon (GetConnectorIcon), or null when it has none. The
    /// version is in the address, so a browser may keep the icon until the plugin is updated.
    /// </summary>
    public static string? IconUrl(this ConnectorManifest connector) =>
        string.IsNullOrEmpty(connector.Icon) ? null : $"/api/connectors/{connector.Id}/icon?v={Uri.EscapeDataString(connector.Version)}";
}
