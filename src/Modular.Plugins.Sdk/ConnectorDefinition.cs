namespace Modular.Plugins.Sdk;

/// <summary>
/// The entry point of a connector plugin: a manifest declared once. The host finds every public,
/// non-abstract subclass with a parameterless constructor in a plugin assembly.
/// </summary>
public abstract class ConnectorDefinition
{
    public abstract void Define(IConnectorBuilder connector);

    public ConnectorManifest Build()
    {
        var builder = new ConnectorBuilder(GetType().Assembly);
        Define(builder);
        return builder.Build();
    }
}

public interface IConnectorBuilder
{
    IConnectorBuilder Id(string id);
    IConnectorBuilder DisplayName(string displayName);
    IConnectorBuilder Description(string description);
    /// <summary>The "type" the library groups templates by (e.g. "CRM", "Messaging", "API").</summary>
    IConnectorBuilder Category(string category);
    /// <summary>The connector's icon: an SVG image (at most 16 KB, no script), shown at 24 px in the console.</summary>
    IConnectorBuilder Icon(string icon);
    /// <summary>Overrides the version read from the plugin assembly's informational version.</summary>
    IConnectorBuilder Version(string version);
    /// <summary>One of the ways an account of this connector can authenticate. Call once per method.</summary>
    IConnectorBuilder Auth(ConnectorAuth auth);
    /// <summary>A base URL the host's configuration may override (Connectors:{id}:BaseUrls:{name}).</summary>
    IConnectorBuilder BaseUrl(string name, string defaultUrl);
    IConnectorBuilder Operation(ConnectorOperation operation);
    IConnectorBuilder Template(TemplateDefinition template);
    /// <summary>A rate limit the host keeps to per account; call once per limit.</summary>
    IConnectorBuilder RateLimit(RateLimit limit);
    /// <summary>Events the connected system announces by webhook, which can start an action's runs.</summary>
    IConnectorBuilder Trigger(ConnectorTrigger trigger);
    /// <summary>How the vendor's error answers read (the default knows the common shapes).</summary>
    IConnectorBuilder Errors(VendorErrorReader errors);
}
