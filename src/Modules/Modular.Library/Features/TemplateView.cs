using System.Text.Json.Nodes;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;

namespace Modular.Library.Features;

/// <summary>A template as the library shows it: its connector, the authorization it needs and its forms.</summary>
public sealed record TemplateView(
    string Id,
    string Name,
    string Description,
    string Type,
    ConnectorView Connector,
    AuthorizationView Authorization,
    IReadOnlyList<FieldView> IntentFields,
    IReadOnlyList<FieldView> ConfigurationFields,
    JsonObject IntentSchema,
    JsonObject ConfigurationSchema)
{
    public static TemplateView From(CatalogTemplate entry)
    {
        var (connector, template) = (entry.Connector, entry.Template);
        return new TemplateView(
            template.Id,
            template.Name,
            template.Description,
            entry.Type,
            new ConnectorView(connector.Id, connector.DisplayName, connector.IconUrl(), connector.Version),
            new AuthorizationView(
                Required: template.RequiresAccount || !connector.AllowsAnonymous,
                Methods: connector.AuthMethods.Where(a => a.Kind != AuthKind.None)
                    .Select(a => new AuthMethodView(a.Kind.ToString(), a.DisplayName, a.Fields.Select(f => FieldView.From(f, connector)).ToList())).ToList()),
            template.IntentFields.Select(f => FieldView.From(f, connector)).ToList(),
            template.ConfigurationFields.Select(f => FieldView.From(f, connector)).ToList(),
            FieldDefinition.ToJsonSchema(template.IntentFields),
            FieldDefinition.ToJsonSchema(template.ConfigurationFields));
    }
}

/// <param name="IconUrl">Where its SVG icon is (GetConnectorIcon), or null when it has none.</param>
public sealed record ConnectorView(string Id, string Name, string? IconUrl, string Version);

public sealed record AuthorizationView(bool Required, IReadOnlyList<AuthMethodView> Methods);

public sealed record AuthMethodView(string Kind, string Name, IReadOnlyList<FieldView> Fields);

/// <param name="OptionsFrom">The connector operation whose choices the console offers for this field (POST /api/accounts/{id}/options).</param>
/// <param name="OptionsNeed">
/// The keys of the fields whose values that operation needs as its input (a sheet's choices need the spreadsheet's id):
/// the console sends them along and asks for them first; empty when the choices need nothing.
/// </param>
public sealed record FieldView(string Key, string Label, string Kind, bool Required, string? Help, string? Placeholder, IReadOnlyList<string>? Options, JsonNode? Default, string? OptionsFrom, IReadOnlyList<string> OptionsNeed)
{
    public static FieldView From(FieldDefinition field, ConnectorManifest connector) =>
        new(field.Key, field.Label, field.Kind.ToString(), field.Required, field.Help, field.Placeholder, field.Options, field.Default?.DeepClone(), field.OptionsFrom,
            connector.OptionsNeed(field));
}
