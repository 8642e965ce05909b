using System.Reflection;
using System.Text.RegularExpressions;

namespace Modular.Plugins.Sdk;

internal sealed partial class ConnectorBuilder(Assembly assembly) : IConnectorBuilder
{
    private string? _id;
    private string? _displayName;
    private string _description = "";
    private string _category = "Other";
    private string _icon = "";
    private string? _version;
    private readonly List<ConnectorAuth> _auth = [];
    private readonly Dictionary<string, string> _baseUrls = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ConnectorOperation> _operations = [];
    private readonly List<TemplateDefinition> _templates = [];
    private readonly List<RateLimit> _rateLimits = [];
    private readonly List<ConnectorTrigger> _triggers = [];
    private VendorErrorReader _errors = VendorErrorReader.Default;

    public IConnectorBuilder Id(string id) { _id = id; return this; }
    public IConnectorBuilder DisplayName(string displayName) { _displayName = displayName; return this; }
    public IConnectorBuilder Description(string description) { _description = description; return this; }
    public IConnectorBuilder Category(string category) { _category = category; return this; }
    public IConnectorBuilder Icon(string icon) { _icon = icon; return this; }
    public IConnectorBuilder Version(string version) { _version = version; return this; }
    public IConnectorBuilder Auth(ConnectorAuth auth) { _auth.Add(auth); return this; }
    public IConnectorBuilder BaseUrl(string name, string defaultUrl) { _baseUrls[name] = defaultUrl; return this; }
    public IConnectorBuilder Operation(ConnectorOperation operation) { _operations.Add(operation); return this; }
    public IConnectorBuilder Template(TemplateDefinition template) { _templates.Add(template); return this; }
    public IConnectorBuilder RateLimit(RateLimit limit) { _rateLimits.Add(limit); return this; }
    public IConnectorBuilder Trigger(ConnectorTrigger trigger) { _triggers.Add(trigger); return this; }
    public IConnectorBuilder Errors(VendorErrorReader errors) { _errors = errors; return this; }

    public ConnectorManifest Build()
    {
        var id = Require(_id, "Id");
        if (!IdPattern().IsMatch(id))
            throw new InvalidConnectorException($"Connector id '{id}' must be lowercase letters, digits and dashes.");
        var duplicate = _templates.Select(t => t.Id).Concat(_operations.Select(o => o.Id)).Concat(_triggers.Select(t => t.Id))
            .GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidConnectorException($"Connector '{id}' declares '{duplicate.Key}' twice.");
        foreach (var template in _templates.Where(t => !t.Id.StartsWith(id + ".", StringComparison.Ordinal)))
            throw new InvalidConnectorException($"Template '{template.Id}' must start with the connector id '{id}.'.");
        foreach (var operation in _operations.Where(o => !o.Id.StartsWith(id + ".", StringComparison.Ordinal) || !OperationName().IsMatch(o.Name)))
            throw new InvalidConnectorException($"Operation '{operation.Id}' must be '{id}.' followed by a name scripts can call (letters and digits, starting with a letter).");
        foreach (var trigger in _triggers.Where(t => !t.Id.StartsWith(id + ".", StringComparison.Ordinal) || t.Events.Count == 0))
            throw new InvalidConnectorException($"Trigger '{trigger.Id}' must start with the connector id '{id}.' and name at least one event.");
        if (!string.IsNullOrEmpty(_icon) && ConnectorIcon.Problem(_icon) is { } icon)
            throw new InvalidConnectorException($"Connector '{id}': {icon}");
        foreach (var limit in _rateLimits.Where(l => l.Permits < 1 || l.Window <= TimeSpan.Zero))
            throw new InvalidConnectorException($"Connector '{id}' declares a rate limit of {limit.Permits} per {limit.Window}: it needs at least one permit per positive window.");

        return new ConnectorManifest(
            id,
            Require(_displayName, "DisplayName"),
            _description,
            _category,
            _icon,
            _version ?? ReadVersion(assembly),
            _auth.ToArray(),
            new Dictionary<string, string>(_baseUrls, StringComparer.OrdinalIgnoreCase),
            _operations.ToArray(),
            _templates.ToArray())
        {
            RateLimits = _rateLimits.ToArray(),
            Triggers = _triggers.ToArray(),
            Errors = _errors,
        };
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidConnectorException($"A connector must declare its {name}.") : value;

    private static string ReadVersion(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // Strip the source-revision suffix the SDK appends ("1.2.0+abc123").
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,62}$")]
    private static partial Regex OperationName();
}

public sealed class InvalidConnectorException(string message) : Exception(message);
