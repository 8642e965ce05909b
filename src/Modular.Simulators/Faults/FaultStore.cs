using System.Text.Json.Serialization;

namespace Modular.Simulators.Faults;

internal enum FaultKind { RateLimit, ServerError, Slow, Malformed, Unavailable }

/// <summary>What <c>POST /_simulator/faults</c> takes; <c>kind</c> is rate-limit, server-error, slow, malformed or unavailable.</summary>
internal sealed record FaultRequest(string? Vendor, string? PathContains, string? Method, string? Kind, int? Count, int? RetryAfterSeconds, int? DelayMs, int? Status);

/// <summary>
/// One injected fault: the next <c>Count</c> requests to the vendor whose path contains <c>PathContains</c> (and of
/// <c>Method</c>, when given) get it; without a count, every one until it is cleared.
/// </summary>
internal sealed class FaultRule(long order, string id, string vendor, string? pathContains, string? method, FaultKind kind, int? count, int retryAfterSeconds, int delayMs, int status)
{
    private int _left = count ?? -1;
    private int _hits;

    public long Order { get; } = order;
    public string Id { get; } = id;
    public string Vendor { get; } = vendor;
    public string? PathContains { get; } = pathContains;
    public string? Method { get; } = method;
    public FaultKind Kind { get; } = kind;
    public int? Count { get; } = count;
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
    public int DelayMs { get; } = delayMs;
    public int Status { get; } = status;
    /// <summary>How many more requests get it; null for every request until cleared.</summary>
    public int? Left => Count is null ? null : Math.Max(Volatile.Read(ref _left), 0);
    public int Hits => Volatile.Read(ref _hits);

    public bool Matches(string vendor, string method, string path) =>
        Vendor == vendor
        && (Method is null || Method.Equals(method, StringComparison.OrdinalIgnoreCase))
        && (PathContains is null || path.Contains(PathContains, StringComparison.OrdinalIgnoreCase));

    /// <summary>Claims one use; of two requests racing for the last use only one wins.</summary>
    public bool TryTake()
    {
        if (Count is null)
        {
            Interlocked.Increment(ref _hits);
            return true;
        }
        for (var left = Volatile.Read(ref _left); left > 0; left = Volatile.Read(ref _left))
        {
            if (Interlocked.CompareExchange(ref _left, left - 1, left) != left) continue;
            Interlocked.Increment(ref _hits);
            return true;
        }
        return false;
    }

    public FaultView Describe() => new(Id, Vendor, PathContains, Method, FaultStore.Name(Kind), Count, Left, Hits, RetryAfterSeconds, DelayMs, Status);
}

/// <summary>A fault as the admin routes show it; <c>count</c> and <c>left</c> are null for one that lasts until cleared.</summary>
internal sealed record FaultView(string Id, string Vendor, string? PathContains, string? Method, string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Left,
    int Hits, int RetryAfterSeconds, int DelayMs, int Status);

/// <summary>The faults in force, oldest first: a request matching several gets the oldest one with uses left.</summary>
internal sealed class FaultStore
{
    private static readonly Dictionary<string, FaultKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rate-limit"] = FaultKind.RateLimit,
        ["server-error"] = FaultKind.ServerError,
        ["slow"] = FaultKind.Slow,
        ["malformed"] = FaultKind.Malformed,
        ["unavailable"] = FaultKind.Unavailable,
    };

    public static string Name(FaultKind kind) => Kinds.First(pair => pair.Value == kind).Key;

    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];
    private long _order;

    /// <summary>Adds the rule the request describes, or says what is wrong with it.</summary>
    public (FaultRule? Rule, string? Error) Add(FaultRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Vendor)) return (null, "'vendor' is required (the first segment of the vendor's paths, e.g. hubspot).");
        if (!Kinds.TryGetValue(request.Kind ?? "", out var kind)) return (null, "'kind' must be rate-limit, server-error, slow, malformed or unavailable.");
        if (request.Count is < 1) return (null, "'count' must be at least 1; leave it out for every request until cleared.");
        if (request.RetryAfterSeconds is < 0) return (null, "'retryAfterSeconds' must not be negative.");
        if (request.DelayMs is < 0 or > 600_000) return (null, "'delayMs' must be between 0 and 600000.");
        var status = kind switch
        {
            FaultKind.ServerError => request.Status ?? 500,
            FaultKind.Unavailable => 503,
            FaultKind.RateLimit => 429,
            _ => 200,
        };
        if (kind == FaultKind.ServerError && status is < 500 or > 599) return (null, "'status' of a server-error must be a 5xx.");
        lock (_gate)
        {
            var rule = new FaultRule(++_order, Guid.NewGuid().ToString("N")[..12], request.Vendor.Trim().ToLowerInvariant(),
                string.IsNullOrEmpty(request.PathContains) ? null : request.PathContains, string.IsNullOrEmpty(request.Method) ? null : request.Method,
                kind, request.Count, request.RetryAfterSeconds ?? 1, request.DelayMs ?? 2000, status);
            _rules.Add(rule);
            return (rule, null);
        }
    }

    /// <summary>The fault this request gets, if any; a rule whose uses are all claimed leaves the list.</summary>
    public FaultRule? Take(string vendor, string method, string path)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (!rule.Matches(vendor, method, path) || !rule.TryTake()) continue;
                if (rule.Left == 0) _rules.Remove(rule);
                return rule;
            }
            return null;
        }
    }

    public IReadOnlyList<FaultRule> List()
    {
        lock (_gate) return [.. _rules];
    }

    public bool Remove(string id)
    {
        lock (_gate) return _rules.RemoveAll(rule => rule.Id == id) > 0;
    }

    public int Clear()
    {
        lock (_gate)
        {
            var count = _rules.Count;
            _rules.Clear();
            return count;
        }
    }
}
