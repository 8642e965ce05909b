using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Modular.Simulators.HubSpot;

internal sealed record SearchFilter(string Property, string Operator, string? Value, IReadOnlyList<string> Values, string? HighValue);

internal sealed record SearchSort(string Property, bool Descending);

internal sealed record SearchRequest(IReadOnlyList<IReadOnlyList<SearchFilter>> Groups, IReadOnlyList<SearchSort> Sorts, string? Query, IReadOnlyList<string>? Properties, int Limit, int After);

/// <summary>
/// HubSpot's CRM search (<c>PublicObjectSearchRequest</c>): filter groups ORed, the filters of a group ANDed; values
/// compared as numbers when both sides are numbers, as instants on date properties, else as text ignoring case.
/// </summary>
internal static class HubSpotSearch
{
    // The search guide: "a maximum of five filterGroups with up to 6 filters in each group, with a maximum of 18
    // filters in total" (an Aug-2024 changelog announced 5/10/25; the guide's numbers are the ones kept here).
    public const int MaxGroups = 5;
    public const int MaxFiltersPerGroup = 6;
    public const int MaxFilters = 18;
    public const int MaxLimit = 200;

    private static readonly HashSet<string> Operators = ["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"];

    public static (SearchRequest? Request, string? Error) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return (null, "Invalid input JSON: the search request must be an object.");
        var groups = new List<IReadOnlyList<SearchFilter>>();
        if (body.TryGetProperty("filterGroups", out var groupsJson) && groupsJson.ValueKind == JsonValueKind.Array)
        {
            if (groupsJson.GetArrayLength() > MaxGroups)
                return (null, $"Too many filter groups ({groupsJson.GetArrayLength()}): a search takes at most {MaxGroups} filterGroups.");
            foreach (var group in groupsJson.EnumerateArray())
            {
                var filters = new List<SearchFilter>();
                if (group.ValueKind == JsonValueKind.Object && group.TryGetProperty("filters", out var filtersJson) && filtersJson.ValueKind == JsonValueKind.Array)
                {
                    if (filtersJson.GetArrayLength() > MaxFiltersPerGroup)
                        return (null, $"Too many filters in a filter group ({filtersJson.GetArrayLength()}): a filterGroup takes at most {MaxFiltersPerGroup} filters.");
                    foreach (var filter in filtersJson.EnumerateArray())
                    {
                        var property = filter.ValueKind == JsonValueKind.Object && filter.TryGetProperty("propertyName", out var p) ? Scalar(p) : null;
                        var op = filter.ValueKind == JsonValueKind.Object && filter.TryGetProperty("operator", out var o) ? Scalar(o)?.ToUpperInvariant() : null;
                        if (string.IsNullOrEmpty(property)) return (null, "Each filter needs a propertyName.");
                        if (op is null || !Operators.Contains(op)) return (null, $"Invalid operator '{op}' for filter on {property}: expected one of {string.Join(", ", Operators)}.");
                        var values = filter.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
                            ? v.EnumerateArray().Select(Scalar).OfType<string>().ToList()
                            : [];
                        var value = filter.TryGetProperty("value", out var single) ? Scalar(single) : null;
                        var high = filter.TryGetProperty("highValue", out var h) ? Scalar(h) : null;
                        if (op is "EQ" or "NEQ" or "LT" or "LTE" or "GT" or "GTE" or "CONTAINS_TOKEN" or "NOT_CONTAINS_TOKEN" && value is null)
                            return (null, $"The {op} filter on {property} needs a value.");
                        if (op == "BETWEEN" && (value is null || high is null)) return (null, $"The BETWEEN filter on {property} needs a value and a highValue.");
                        if (op is "IN" or "NOT_IN" && values.Count == 0) return (null, $"The {op} filter on {property} needs values.");
                        filters.Add(new SearchFilter(property, op, value, values, high));
                    }
                }
                groups.Add(filters);
            }
            var total = groups.Sum(group => group.Count);
            if (total > MaxFilters) return (null, $"Too many filters ({total}): a search takes at most {MaxFilters} filters in all.");
        }

        var sorts = new List<SearchSort>();
        if (body.TryGetProperty("sorts", out var sortsJson) && sortsJson.ValueKind == JsonValueKind.Array)
            foreach (var sort in sortsJson.EnumerateArray())
            {
                if (sort.ValueKind == JsonValueKind.String)
                {
                    // A sort may be a bare property name; a leading '-' sorts descending.
                    var name = sort.GetString()!;
                    sorts.Add(name.StartsWith('-') ? new SearchSort(name[1..], true) : new SearchSort(name, false));
                }
                else if (sort.ValueKind == JsonValueKind.Object && sort.TryGetProperty("propertyName", out var name) && Scalar(name) is { } property)
                {
                    var direction = sort.TryGetProperty("direction", out var d) ? Scalar(d) : null;
                    sorts.Add(new SearchSort(property, "DESCENDING".Equals(direction, StringComparison.OrdinalIgnoreCase)));
                }
            }

        var query = body.TryGetProperty("query", out var q) ? Scalar(q) : null;
        var properties = body.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Array
            ? props.EnumerateArray().Select(Scalar).OfType<string>().ToList()
            : null;
        var limit = 10;
        if (body.TryGetProperty("limit", out var l) && l.ValueKind != JsonValueKind.Null)
        {
            if (!int.TryParse(Scalar(l), NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0)
                return (null, $"limit must be a number between 0 and {MaxLimit}.");
            if (limit > MaxLimit) return (null, $"limit must be less than or equal to {MaxLimit}, not {limit}.");
        }
        var after = 0;
        if (body.TryGetProperty("after", out var a) && a.ValueKind != JsonValueKind.Null && Scalar(a) is { Length: > 0 } afterText
            && (!int.TryParse(afterText, NumberStyles.Integer, CultureInfo.InvariantCulture, out after) || after < 0))
            return (null, $"Invalid after '{afterText}': use paging.next.after of the previous page.");
        return (new SearchRequest(groups, sorts, query, properties, limit, after), null);
    }

    public static List<CrmSnapshot> Run(CrmType type, IEnumerable<CrmSnapshot> objects, SearchRequest request)
    {
        var groups = request.Groups.Where(group => group.Count > 0).ToList();
        var terms = (request.Query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var found = objects
            .Where(o => groups.Count == 0 || groups.Any(group => group.All(filter => Matches(o, filter))))
            .Where(o => terms.All(term => type.SearchableProperties.Any(p => o[p]?.Contains(term, StringComparison.OrdinalIgnoreCase) == true)))
            .ToList();
        found.Sort((x, y) =>
        {
            foreach (var sort in request.Sorts)
            {
                var order = CompareForSort(sort.Property, x[sort.Property], y[sort.Property]);
                if (order != 0) return sort.Descending ? -order : order;
            }
            return x.Id.CompareTo(y.Id);
        });
        return found;
    }

    private static bool Matches(CrmSnapshot o, SearchFilter filter)
    {
        var actual = o[filter.Property];
        switch (filter.Operator)
        {
            case "HAS_PROPERTY": return actual is not null;
            case "NOT_HAS_PROPERTY": return actual is null;
            case "NEQ": return actual is null || Compare(filter.Property, actual, filter.Value!) != 0;
            case "NOT_IN": return actual is null || filter.Values.All(value => Compare(filter.Property, actual, value) != 0);
            case "NOT_CONTAINS_TOKEN": return actual is null || !ContainsToken(actual, filter.Value!);
        }
        if (actual is null) return false;
        return filter.Operator switch
        {
            "EQ" => Compare(filter.Property, actual, filter.Value!) == 0,
            "LT" => Compare(filter.Property, actual, filter.Value!) < 0,
            "LTE" => Compare(filter.Property, actual, filter.Value!) <= 0,
            "GT" => Compare(filter.Property, actual, filter.Value!) > 0,
            "GTE" => Compare(filter.Property, actual, filter.Value!) >= 0,
            "BETWEEN" => Compare(filter.Property, actual, filter.Value!) >= 0 && Compare(filter.Property, actual, filter.HighValue!) <= 0,
            "IN" => filter.Values.Any(value => Compare(filter.Property, actual, value) == 0),
            "CONTAINS_TOKEN" => ContainsToken(actual, filter.Value!),
            _ => false,
        };
    }

    /// <summary>Numbers as numbers, dates as instants (epoch milliseconds or ISO 8601), else text ignoring case.</summary>
    public static int Compare(string property, string actual, string expected)
    {
        if (CrmType.IsDate(property) && Instant(actual) is { } a && Instant(expected) is { } b) return a.CompareTo(b);
        if (decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return string.Compare(actual, expected, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Objects without the property sort after those with it.</summary>
    private static int CompareForSort(string property, string? x, string? y) =>
        (x, y) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => Compare(property, x, y),
        };

    public static DateTimeOffset? Instant(string value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at
        : null;

    /// <summary>A whole token of the value (words split at punctuation); <c>*</c> is a wildcard over the whole value.</summary>
    private static bool ContainsToken(string actual, string token)
    {
        if (token.Contains('*'))
        {
            var pattern = "^" + string.Join(".*", token.Split('*').Select(Regex.Escape)) + "$";
            return Regex.IsMatch(actual, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                || Tokens(actual).Any(t => Regex.IsMatch(t, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        var tokens = Tokens(actual).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Tokens(token).All(tokens.Contains);
    }

    private static IEnumerable<string> Tokens(string value) =>
        Regex.Split(value, @"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)).Where(t => t.Length > 0);

    /// <summary>A JSON scalar as HubSpot reads it: a string, or a number's or boolean's text.</summary>
    public static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
