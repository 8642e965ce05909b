
namespace Modular.Runs.Domain;

/// <summary>
/// The media types a run's document is served as. A document's content is written by a script, so
/// only formats a browser displays without running anything are on the lists: text ones for text
/// documents, and images and PDF besides for binary ones. Any other type (HTML, SVG, XML,
/// JavaScript...) or a malformed one (with CR/LF, say) is served as <see cref="Fallback"/>, to be
/// saved rather than opened.
/// </summary>
public static class DocumentMediaTypes
{
    public const string Fallback = "application/octet-stream";

    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "text/plain", "text/csv", "text/tab-separated-values", "text/markdown", "application/json",
    };

    /// <summary>What a binary document may be served as, besides the text types.</summary>
    public static readonly IReadOnlySet<string> AllowedBinary = new HashSet<string>(StringComparer.Ordinal)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf",
    };

    /// <summary>Whether <paramref name="mediaType"/> (parameters such as a charset ignored) is on the text list.</summary>
    public static bool IsAllowed(string? mediaType) => Essence(mediaType) is { } essence && Allowed.Contains(essence);

    /// <summary>
    /// The Content-Type to serve a document stored with <paramref name="mediaType"/>: an allowed type in
    /// lower case, with <c>charset=utf-8</c> for a text document (stored as text), otherwise <see cref="Fallback"/>.
    /// </summary>
    public static string Normalize(string? mediaType, bool binary = false) => Essence(mediaType) switch
    {
        { } essence when !binary && Allowed.Contains(essence) => essence + "; charset=utf-8",
        { } essence when binary && (Allowed.Contains(essence) || AllowedBinary.Contains(essence)) => essence,
        _ => Fallback,
    };

    /// <summary>"type/subtype" in lower case, or null when it is not a well-formed media type.</summary>
    private static string? Essence(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType) || mediaType.Length > 200 || mediaType.Any(char.IsControl)) return null;
        var essence = mediaType.Split(';', 2)[0].Trim().ToLowerInvariant();
        var slash = essence.IndexOf('/');
        return slash > 0 && slash < essence.Length - 1 && essence.Count(c => c == '/') == 1 && essence.All(IsTokenChar) ? essence : null;
    }

    private static bool IsTokenChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '/' or '!' or '#' or '$' or '&' or '^' or '_' or '.' or '+' or '-';
}
