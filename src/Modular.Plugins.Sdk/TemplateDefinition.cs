namespace Modular.Plugins.Sdk;

/// <summary>
/// A pre-built action users start from in the library. Its id is "{connectorId}.{name}" and stays
/// stable across plugin versions: actions keep the id and the version they were created from.
/// </summary>
/// <param name="IntentFields">Fields of the intent page beside name and intent.</param>
/// <param name="ConfigurationFields">Fields of the configuration page.</param>
/// <param name="Script">Default JavaScript; it reads its settings from <c>config</c> and the run's <c>input</c>.</param>
/// <param name="Sop">The plain-language description, a Scriban template over <c>config</c> and <c>intent</c>.</param>
/// <param name="RequiresAccount">True when the action cannot run without a connected account.</param>
/// <param name="Type">The library type; the connector's category when null.</param>
public sealed record TemplateDefinition(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<FieldDefinition> IntentFields,
    IReadOnlyList<FieldDefinition> ConfigurationFields,
    string Script,
    string Sop,
    bool RequiresAccount = false,
    string? Type = null);
