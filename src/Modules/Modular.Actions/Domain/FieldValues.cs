using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Templates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Actions.Domain;

/// <summary>Checks values entered on a template's form against its field declarations.</summary>
public static class FieldValues
{
    public const int MaxKeyValueEntries = 50;
    public const int MaxJsonLength = 100_000;

    /// <param name="requireComplete">Save action (publish) needs every required field; a draft does not.</param>
    public static void Validate(IReadOnlyList<FieldDefinition> fields, JsonObject values, string pointer, bool requireComplete, Violations violations)
    {
        var byKey = fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var at = $"{pointer}/{key}";
            if (!byKey.TryGetValue(key, out var field))
                violations.Add(at, $"'{key}' is not a field of this template.");
            else if (!IsEmpty(value))
                CheckValue(field, value!, at, violations);
        }
        if (!requireComplete) return;
        foreach (var field in fields.Where(f => f.Required && IsEmpty(values[f.Key])))
            violations.Add($"{pointer}/{field.Key}", $"{field.Label} is required.");
    }

    /// <summary>The template's default values, as a new action's starting configuration.</summary>
    public static JsonObject Defaults(IReadOnlyList<FieldDefinition> fields) =>
        new(fields.Where(f => f.Default is not null).Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Default!.DeepClone())));

    public static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()),
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ => false,
    };

    private static void CheckValue(FieldDefinition field, JsonNode value, string at, Violations violations)
    {
        var kind = value.GetValueKind();
        switch (field.Kind)
        {
            case FieldKind.Number when kind != JsonValueKind.Number:
                violations.Add(at, $"{field.Label} must be a number.");
                break;
            case FieldKind.Boolean when kind is not (JsonValueKind.True or JsonValueKind.False):
                violations.Add(at, $"{field.Label} must be true or false.");
                break;
            case FieldKind.KeyValue:
                CheckKeyValue(field, value, at, violations);
                break;
            case FieldKind.Json:
                if (value.ToJsonString().Length > MaxJsonLength)
                    violations.Add(at, $"{field.Label} is limited to {MaxJsonLength:N0} characters of JSON.");
                break;
            case FieldKind.Number or FieldKind.Boolean:
                break;
            default:
                CheckText(field, value, kind, at, violations);
                break;
        }
    }

    private static void CheckText(FieldDefinition field, JsonNode value, JsonValueKind kind, string at, Violations violations)
    {
        if (kind != JsonValueKind.String)
        {
            violations.Add(at, $"{field.Label} must be text.");
            return;
        }
        var text = value.GetValue<string>();
        var max = field.MaxLength ?? (field.Kind == FieldKind.LongText ? 20_000 : 2_000);
        if (text.Length > max)
            violations.Add(at, $"{field.Label} is limited to {max:N0} characters.");
        if (field.Kind == FieldKind.Select && field.Options is { Count: > 0 } options && !options.Contains(text))
            violations.Add(at, $"{field.Label} must be one of: {string.Join(", ", options)}.");
        // A path is allowed too: connectors resolve it against the account's base URL.
        if (field.Kind == FieldKind.Url && !text.StartsWith('/')
            && !(Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
            violations.Add(at, $"{field.Label} must be an http(s) URL or a path starting with '/'.");
        if (field.Template) CheckTemplate(field.Label, text, at, violations);
    }

    private static void CheckTemplate(string label, string text, string at, Violations violations)
    {
        foreach (var error in ScribanTemplates.ParseErrors(text).Take(3))
            violations.Add(at, $"{label} is not a valid template: {error}.");
    }

    private static void CheckKeyValue(FieldDefinition field, JsonNode value, string at, Violations violations)
    {
        if (value is not JsonObject pairs)
        {
            violations.Add(at, $"{field.Label} must be an object of names to text values.");
            return;
        }
        if (pairs.Count > MaxKeyValueEntries)
            violations.Add(at, $"{field.Label} is limited to {MaxKeyValueEntries} entries.");
        foreach (var (name, item) in pairs)
        {
            if (item is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
                violations.Add($"{at}/{name}", $"The value of '{name}' must be text.");
            else if (text.GetValue<string>().Length > 2_000 || name.Length > 200)
                violations.Add($"{at}/{name}", $"'{name}' is too long (200 characters for a name, 2,000 for a value).");
            else if (field.Template)
                CheckTemplate($"The value of '{name}'", text.GetValue<string>(), $"{at}/{name}", violations);
        }
    }
}
