
namespace Modular.Runs.Schedules;

/// <summary>
/// The zone ids of the IANA time zone database: its zones and links, as the system's tzdata lists
/// them in <c>tzdata.zi</c> (<c>TZDIR</c> or /usr/share/zoneinfo). The files beside them that .NET
/// would also open by name (localtime, posixrules, posix/..., right/...), the placeholder
/// <c>Factory</c> zone, and Windows ids .NET converts are not IANA zones of a place.
/// </summary>
public static class IanaTimeZones
{
    private static readonly string[] NotZones = ["localtime", "posixrules", "Factory"];

    private static readonly Lazy<HashSet<string>?> Listed = new(Read);

    public static bool IsZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || NotZones.Contains(id, StringComparer.OrdinalIgnoreCase)) return false;
        if (Listed.Value is { } listed) return listed.Contains(id);
        // No tzdata.zi: the shape of an IANA id ("Area/Location", "UTC") and a zone .NET can load.
        return !id.StartsWith("posix/", StringComparison.Ordinal) && !id.StartsWith("right/", StringComparison.Ordinal)
            && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
            && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId;
    }

    private static HashSet<string>? Read()
    {
        var directory = Environment.GetEnvironmentVariable("TZDIR") is { Length: > 0 } tzdir ? tzdir : "/usr/share/zoneinfo";
        var file = Path.Combine(directory, "tzdata.zi");
        if (!File.Exists(file)) return null;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(file))
        {
            // "Z Europe/Paris ..." declares a zone, "L Etc/UTC UTC" a link (its second name is the alias).
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["Z", var zone, ..]) ids.Add(zone);
            else if (fields is ["L", _, var alias, ..]) ids.Add(alias);
        }
        foreach (var id in NotZones) ids.Remove(id);
        return ids.Count > 0 ? ids : null;
    }
}
