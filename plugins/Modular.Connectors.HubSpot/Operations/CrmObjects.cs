using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

/// <summary>The CRM objects these operations reach, as HubSpot's v3 paths name them.</summary>
public enum CrmObjectType
{
    [JsonStringEnumMemberName("contacts")] Contacts,
    [JsonStringEnumMemberName("companies")] Companies,
    [JsonStringEnumMemberName("deals")] Deals,
}

/// <summary>A CRM record as HubSpot answers it (SimplePublicObject): its properties are all text, or null when empty.</summary>
public sealed record CrmObject(string Id, Dictionary<string, string?> Properties, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, bool Archived);

/// <summary>One filter of a search: HubSpot ANDs the filters of a group and ORs the groups.</summary>
public sealed record CrmFilter(
    [property: Display(Name = "Property")] string PropertyName,
    [property: Display(Name = "Operator", Description = "EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN")] string Operator,
    string? Value = null,
    string? HighValue = null,
    IReadOnlyList<string>? Values = null);

public sealed record CrmFilterGroup(IReadOnlyList<CrmFilter> Filters);

public sealed record CrmSort(string PropertyName, [property: Display(Description = "ASCENDING or DESCENDING")] string Direction = "ASCENDING");

/// <summary>The HubSpot CRM API under the connector's <c>api</c> base URL (api.hubapi.com).</summary>
internal static class Crm
{
    public static string Path(CrmObjectType type) => type switch
    {
        CrmObjectType.Contacts => "contacts",
        CrmObjectType.Companies => "companies",
        _ => "deals",
    };

    public static Uri Url(OperationContext context, string path, params (string, string?)[] query) => context.Url(HubSpotOAuth.ApiBaseUrl, path, query);

    public static CrmObject Read(JsonNode? node)
    {
        var obj = node as JsonObject ?? throw new ConnectorCallException($"HubSpot answered without the record.");
        var properties = new Dictionary<string, string?>();
        if (obj["properties"] is JsonObject given)
            foreach (var (name, value) in given)
                properties[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString();
        return new CrmObject(
            obj["id"]?.ToString() ?? throw new ConnectorCallException("HubSpot answered a record without an id."),
            properties,
            Date(obj["createdAt"]),
            Date(obj["updatedAt"]),
            obj["archived"] is JsonValue archived && archived.TryGetValue<bool>(out var flag) && flag);
    }

    public static JsonObject Properties(IReadOnlyDictionary<string, JsonNode?> properties) =>
        new(properties.Select(p => KeyValuePair.Create(p.Key, p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? (JsonNode?)s : p.Value is null ? null : (JsonNode?)p.Value.ToString())));

    private static DateTimeOffset? Date(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var date) ? date : null;
}
