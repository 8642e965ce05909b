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
    public IReadOnlyList<RateLimit> RateLimits { get; init; } = [];
    /// <summary>The events the connected system can announce by webhook, which can start runs.</summary>
    public IReadOnlyList<ConnectorTrigger> Triggers { get; init; } = [];
    public VendorErrorReader Errors { get; init; } = VendorErrorReader.Default;

    public ConnectorOperation? FindOperation(string operationId) => Operations.FirstOrDefault(o => o.Id == operationId);

    public ConnectorTrigger? FindTrigger(string triggerId) => Triggers.FirstOrDefault(t => t.Id == triggerId);

    /// <summary>An operation by its id (<c>slack.channelOptions</c>) or by its name within this connector (<c>channelOptions</c>), as templates name them.</summary>
    public ConnectorOperation? FindOperationByIdOrName(string idOrName) => FindOperation(idOrName) ?? FindOperation($"{Id}.{idOrName}");

    /// <summary>
    /// The keys of the fields whose values a field's choices need (its <see cref="FieldDefinition.OptionsFrom"/> operation's
    /// required inputs: a sheet's choices need the spreadsheet's id); empty when they need nothing.
    /// </summary>
    public IReadOnlyList<string> OptionsNeed(FieldDefinition field) =>
        field.OptionsFrom is { } from && FindOperationByIdOrName(from) is { } operation ? [.. operation.Inputs.Where(i => i.Required).Select(i => i.Key)] : [];

    /// <summary>The global a script calls its operations on: <c>google-sheets</c> is <c>google_sheets</c>.</summary>
    public string ScriptName => Id.Replace('-', '_');

    /// <summary>True when an account is optional: the connector accepts no authentication.</summary>
    public bool AllowsAnonymous => AuthMethods.Count == 0 || AuthMethods.Any(a => a.Kind == AuthKind.None);
}
