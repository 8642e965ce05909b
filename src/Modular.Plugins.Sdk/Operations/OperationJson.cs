using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Modular.Plugins.Sdk;

/// <summary>
/// How a typed operation's input and output records become JSON, a JSON schema, a form and validation —
/// all from the records' declarations, once: camelCase names; a constructor parameter without a default,
/// or one marked <see cref="RequiredAttribute"/>, is required; <see cref="DisplayAttribute"/> or
/// <see cref="DescriptionAttribute"/> label it; data-annotation attributes (on the property or the
/// positional parameter) bound it; <see cref="LongTextAttribute"/> and <see cref="OptionsFromAttribute"/>
/// shape its form field. Unknown input properties are refused, so a misspelt name is not silently ignored.
/// </summary>
public static class OperationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        MaxDepth = 64,
        // Set, not left to the first (de)serialization: the schema exporter refuses options without a resolver.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <summary>The JSON schema of <paramref name="type"/>, with titles, descriptions and bounds from its attributes.</summary>
    public static JsonObject Schema(Type type)
    {
        var node = JsonSchemaExporter.GetJsonSchemaAsNode(Options, type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, schema) =>
            {
                if (schema is not JsonObject obj || context.PropertyInfo is not { } property) return schema;
                var member = InputMember.Of(property);
                if (member.Label is { } label) obj["title"] = label;
                if (member.Help is { } help) obj["description"] = help;
                if (member.MaxLength is { } max) obj["maxLength"] = max;
                if (member.IsUrl) obj["format"] = "uri";
                if (member.OptionsFrom is { } options) obj["x-options-from"] = options;
                if (member.Required && member.Kind is FieldKind.Text or FieldKind.LongText or FieldKind.Url) obj["minLength"] = 1;
                return obj;
            },
        });
        return node as JsonObject ?? new JsonObject();
    }

    /// <summary>The form fields of an input record, in declaration order.</summary>
    public static IReadOnlyList<FieldDefinition> Fields(Type type) =>
        Members(type).Select(m => new FieldDefinition(m.Name, m.Label ?? Humanize(m.Name), m.Kind, m.Required, m.Help,
            Options: m.Choices, MaxLength: m.MaxLength, OptionsFrom: m.OptionsFrom)).ToList();

    /// <summary>
    /// Reads <paramref name="input"/> as <typeparamref name="T"/> and checks every declared bound, or throws an
    /// <see cref="OperationInputException"/> naming the fields that break them (no HTTP call is made then).
    /// </summary>
    public static T Bind<T>(JsonObject input)
    {
        T? value;
        try
        {
            value = input.Deserialize<T>(Options);
        }
        catch (JsonException error)
        {
            throw new OperationInputException([Explain(typeof(T), error)]);
        }
        if (value is null) throw new OperationInputException(["The input is missing."]);
        var problems = new List<string>();
        foreach (var member in Members(typeof(T)))
        {
            var fieldValue = member.Property.GetValue(value);
            foreach (var rule in member.Rules)
            {
                var result = rule.GetValidationResult(fieldValue, new ValidationContext(value) { DisplayName = member.Name, MemberName = member.Name });
                if (result != ValidationResult.Success) problems.Add($"'{member.Name}': {result?.ErrorMessage ?? "is not valid."}");
            }
        }
        if (problems.Count > 0) throw new OperationInputException(problems);
        return value;
    }

    private static string Explain(Type type, JsonException error)
    {
        var path = error.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        var message = error.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = Members(type).Where(m => m.Required).Select(m => m.Name).Where(n => message.Contains($"'{n}'", StringComparison.Ordinal));
            return $"Required input missing: {string.Join(", ", names.Select(n => $"'{n}'"))}.";
        }
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var unknown = message.Split('\'') is { Length: > 2 } parts ? parts[1] : path;
            return $"Unknown input '{unknown}'; the inputs are {string.Join(", ", Members(type).Select(m => m.Name))}.";
        }
        var member = path is null ? null : Members(type).FirstOrDefault(m => path == m.Name || path.StartsWith(m.Name + ".", StringComparison.Ordinal) || path.StartsWith(m.Name + "[", StringComparison.Ordinal));
        if (member is null) return "The input is not valid JSON for this operation.";
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase)) return $"'{member.Name}' cannot be null.";
        return $"'{path}' must be {Describe(member.Property.PropertyType)}.";
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "text";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type));
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float)) return "a number";
        if (type.IsArray || type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(List<>) || g == typeof(IReadOnlyList<>))) return "a list";
        return "an object";
    }

    private static string Humanize(string name) =>
        string.Concat(name.Select((c, i) => i == 0 ? char.ToUpperInvariant(c).ToString() : char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyList<InputMember>> MembersOf = new();

    private static IReadOnlyList<InputMember> Members(Type type) => MembersOf.GetOrAdd(type, t =>
    {
        var parameters = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() ?? [];
        var nullability = new NullabilityInfoContext();
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => InputMember.Create(p, parameters.FirstOrDefault(x => string.Equals(x.Name, p.Name, StringComparison.OrdinalIgnoreCase)), nullability))
            .ToList();
    });

    private sealed record InputMember(
        PropertyInfo Property, string Name, string? Label, string? Help, FieldKind Kind, bool Required, int? MaxLength, bool IsUrl,
        string? OptionsFrom, IReadOnlyList<string>? Choices, IReadOnlyList<ValidationAttribute> Rules)
    {
        public static InputMember Of(JsonPropertyInfo property) =>
            property.AttributeProvider is PropertyInfo info ? Members(info.DeclaringType!).First(m => m.Property.Name == info.Name)
            : new InputMember(null!, property.Name, null, null, FieldKind.Json, false, null, false, null, null, []);

        public static InputMember Create(PropertyInfo property, ParameterInfo? parameter, NullabilityInfoContext nullability)
        {
            var attributes = property.GetCustomAttributes(true).Concat(parameter?.GetCustomAttributes(true) ?? []).ToList();
            T? Find<T>() where T : Attribute => attributes.OfType<T>().FirstOrDefault();
            var name = Find<JsonPropertyNameAttribute>()?.Name ?? OperationJson.Options.PropertyNamingPolicy!.ConvertName(property.Name);
            var display = Find<DisplayAttribute>();
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var isUrl = Find<UrlAttribute>() is not null || type == typeof(Uri);
            var kind = Find<LongTextAttribute>() is not null ? FieldKind.LongText
                : isUrl ? FieldKind.Url
                : type == typeof(string) ? FieldKind.Text
                : type == typeof(bool) ? FieldKind.Boolean
                : type.IsEnum ? FieldKind.Select
                : type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal) ? FieldKind.Number
                : typeof(IReadOnlyDictionary<string, string>).IsAssignableFrom(type) || type == typeof(Dictionary<string, string>) ? FieldKind.KeyValue
                : FieldKind.Json;
            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            var required = Find<RequiredAttribute>() is not null || parameter is { HasDefaultValue: false } && !nullable;
            var maxLength = Find<MaxLengthAttribute>()?.Length ?? Find<StringLengthAttribute>()?.MaximumLength;
            return new InputMember(property, name, display?.Name, display?.Description ?? Find<DescriptionAttribute>()?.Description, kind, required,
                maxLength, isUrl, Find<OptionsFromAttribute>()?.OperationName, type.IsEnum ? Enum.GetNames(type) : null,
                attributes.OfType<ValidationAttribute>().ToList());
        }
    }
}

/// <summary>Input that breaks an operation's declared schema: nothing was sent to the connected system.</summary>
public sealed class OperationInputException(IReadOnlyList<string> problems)
    : Exception("Invalid input: " + string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
