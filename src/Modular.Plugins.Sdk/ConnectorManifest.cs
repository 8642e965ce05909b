namespace Modular.Plugins.Sdk;

/// <summary>What a connector declares, as the host reads it.</summary>
public sealed record ConnectorManifest(
    string Id,
    string DisplayName,
    string Description,
    string Category,
    string Icon,
    string Version,
    IReadOnlyList<ConnectorAuth> AuthMethods,
    IReadOnlyDictionary<string, string> BaseUrls,
    IReadOnlyList<ConnectorOperation> Operations,
    IReadOnlyList<TemplateDefinition> Templates)
{
    /// <summary>True when an account is optional: the connector accepts no authentication.</summary>
    public bool AllowsAnonymous => AuthMethods.Count == 0 || AuthMethods.Any(a => a.Kind == AuthKind.None);
}
