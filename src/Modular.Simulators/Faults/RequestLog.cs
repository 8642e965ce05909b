using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace Modular.Simulators.Faults;

/// <summary>One request a vendor simulator received, with every secret in it replaced by <c>***</c>.</summary>
/// <param name="Authorization">The Authorization header's scheme only (<c>Bearer</c>, <c>Basic</c>), never its credentials.</param>
/// <param name="Status">What was answered; 499 when the client gave up first.</param>
/// <param name="Fault">The id of the injected fault the request got, if any.</param>
internal sealed record LoggedRequest(long Sequence, DateTimeOffset At, string Vendor, string Method, string Path, string Query, string? Authorization, int Status, string? Fault, long DurationMs);

/// <summary>
/// The last requests the vendor simulators received, newest last, so a test can prove a call was retried or never
/// made. Bounded: the oldest fall off.
/// </summary>
internal sealed class RequestLog
{
    private const int Capacity = 2000;

    /// <summary>Query parameters that carry secrets: tokens, API keys, codes and client secrets.</summary>
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "access_token", "refresh_token", "id_token", "key", "hapikey", "code", "code_verifier", "client_secret",
    };

    /// <summary>Path segments whose next segment is a token (HubSpot's <c>/oauth/v1/access-tokens/{token}</c>).</summary>
    private static readonly HashSet<string> TokenPathSegments = new(StringComparer.OrdinalIgnoreCase) { "access-tokens", "refresh-tokens" };

    private readonly ConcurrentQueue<LoggedRequest> _entries = new();
    private long _sequence;

    public void Add(HttpContext context, string vendor, int status, string? fault, long durationMs)
    {
        var request = context.Request;
        var scheme = AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) ? header.Scheme : null;
        _entries.Enqueue(new LoggedRequest(Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow, vendor, request.Method,
            RedactPath(request.Path.Value ?? ""), RedactQuery(request.QueryString.Value), scheme, status, fault, durationMs));
        while (_entries.Count > Capacity && _entries.TryDequeue(out _)) { }
    }

    /// <summary>The newest <paramref name="take"/> requests, newest first.</summary>
    public IReadOnlyList<LoggedRequest> Last(string? vendor, string? pathContains, int take) =>
        [.. _entries.Reverse()
            .Where(entry => vendor is null || entry.Vendor.Equals(vendor, StringComparison.OrdinalIgnoreCase))
            .Where(entry => pathContains is null || entry.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase))
            .Take(take)];

    public void Clear() => _entries.Clear();

    internal static string RedactQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        var parts = query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var name = Uri.UnescapeDataString((equals < 0 ? parts[i] : parts[i][..equals]).Replace('+', ' '));
            if (SecretParameters.Contains(name)) parts[i] = (equals < 0 ? parts[i] : parts[i][..equals]) + "=***";
        }
        return "?" + string.Join('&', parts);
    }

    internal static string RedactPath(string path)
    {
        var segments = path.Split('/');
        var redacted = new StringBuilder();
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0) redacted.Append('/');
            redacted.Append(i > 0 && TokenPathSegments.Contains(segments[i - 1]) && segments[i].Length > 0 ? "***" : segments[i]);
        }
        return redacted.ToString();
    }
}
