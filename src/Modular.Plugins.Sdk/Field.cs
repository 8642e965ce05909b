using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

public enum FieldKind
{
    Text,
    LongText,
    Url,
    Number,
    Boolean,
    Select,
    /// <summary>Name/value pairs, such as HTTP headers.</summary>
    KeyValue,
    Json,
    Secret,
}

/// <summary>
/// One input on a form: an intent or configuration field of a template, an auth field, or an
/// operation input. The same declaration produces the console's form and the JSON schema that
/// validates what is saved. A <see cref="Template"/> field's text (each value, for name/value pairs) is
/// a Scriban template the action's code renders; it is parsed where it is saved, so a broken one is
/// refused with its line and column instead of failing the run.
/// </summary>
public sealed record FieldDefinition(
    string Key,
    string Label,
    FieldKind Kind,
    bool Required = false,
    string? Help = null,
    string? Placeholder = null,
    IReadOnlyList<string>? Options = null,
    int? MaxLength = null,
    JsonNode? Default = null,
    string? OptionsFrom = null,
    bool Template = false)
{
    public JsonObject ToJsonSchema()
    {
        var schema = new JsonObject { ["title"] = Label };
        if (Help is not null) schema["description"] = Help;
        switch (Kind)
        {
            case FieldKind.Number:
                schema["type"] = "number";
                break;
            case FieldKind.Boolean:
                schema["type"] = "boolean";
                break;
            case FieldKind.KeyValue:
                schema["type"] = "object";
                schema["additionalProperties"] = new JsonObject { ["type"] = "string" };
                break;
            case FieldKind.Json:
                break;
            default:
                schema["type"] = "string";
                if (Kind == FieldKind.Url) schema["format"] = "uri";
                if (Kind == FieldKind.Secret) schema["writeOnly"] = true;
                if (Options is { Count: > 0 }) schema["enum"] = new JsonArray(Options.Select(o => (JsonNode?)o).ToArray());
                schema["maxLength"] = MaxLength ?? (Kind == FieldKind.LongText ? 20_000 : 2_000);
                if (Required) schema["minLength"] = 1;
                break;
        }
        if (Default is not null) schema["default"] = Default.DeepClone();
        if (OptionsFrom is not null) schema["x-options-from"] = OptionsFrom;
        if (Template) schema["x-template"] = true;
        return schema;
    }

    public static JsonObject ToJsonSchema(IEnumerable<FieldDefinition> fields)
    {
        var list = fields.ToList();
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject(list.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.ToJsonSchema()))),
            ["required"] = new JsonArray(list.Where(f => f.Required).Select(f => (JsonNode?)f.Key).ToArray()),
            ["additionalProperties"] = false,
        };
    }
}

/// <summary>Short constructors for <see cref="FieldDefinition"/>.</summary>
public static class Field
{
    /// <param name="optionsFrom">An operation of the template's connector whose <see cref="OptionList"/> the console offers as a dropdown.</param>
    /// <param name="template">The text is a Scriban template over the run's input (see <see cref="FieldDefinition"/>).</param>
    public static FieldDefinition Text(string key, string label, bool required = false, string? help = null, string? placeholder = null, int? maxLength = null, string? optionsFrom = null, bool template = false) =>
        new(key, label, FieldKind.Text, required, help, placeholder, MaxLength: maxLength, OptionsFrom: optionsFrom, Template: template);

    public static FieldDefinition LongText(string key, string label, bool required = false, string? help = null, string? placeholder = null, bool template = false) =>
        new(key, label, FieldKind.LongText, required, help, placeholder, Template: template);

    public static FieldDefinition Url(string key, string label, bool required = false, string? help = null, string? placeholder = null) =>
        new(key, label, FieldKind.Url, required, help, placeholder);

    public static FieldDefinition Number(string key, string label, bool required = false, string? help = null, double? defaultValue = null) =>
        new(key, label, FieldKind.Number, required, help, Default: defaultValue is null ? null : JsonValue.Create(defaultValue.Value));

    public static FieldDefinition Boolean(string key, string label, string? help = null, bool defaultValue = false) =>
        new(key, label, FieldKind.Boolean, false, help, Default: JsonValue.Create(defaultValue));

    public static FieldDefinition Select(string key, string label, IReadOnlyList<string> options, bool required = false, string? help = null, string? defaultValue = null) =>
        new(key, label, FieldKind.Select, required, help, Options: options, Default: defaultValue is null ? null : JsonValue.Create(defaultValue));

    public static FieldDefinition KeyValue(string key, string label, string? help = null, bool template = false) =>
        new(key, label, FieldKind.KeyValue, false, help, Template: template);

    public static FieldDefinition Json(string key, string label, bool required = false, string? help = null) =>
        new(key, label, FieldKind.Json, required, help);

    public static FieldDefinition Secret(string key, string label, bool required = false, string? help = null) =>
        new(key, label, FieldKind.Secret, required, help);
}
