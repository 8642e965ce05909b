using System.Collections.Concurrent;

namespace Modular.Simulators.HubSpot;

/// <summary>
/// HubSpot's burst limits, counted per access token over rolling windows: 100 requests per 10 seconds
/// (<c>Simulators:HubSpot:TenSecondlyLimit</c>) and 5 searches per second (<c>Simulators:HubSpot:SearchPerSecond</c>).
/// HubSpot itself counts the ten-secondly limit per app and portal; per token is the same for one connection.
/// </summary>
internal sealed class HubSpotRateLimits
{
    public static readonly TimeSpan TenSeconds = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, Window> _tenSecondly = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Window> _search = new(StringComparer.Ordinal);

    public HubSpotRateLimits(IConfiguration configuration, TimeProvider clock)
    {
        _clock = clock;
        TenSecondly = Read(configuration, "Simulators:HubSpot:TenSecondlyLimit", 100);
        SearchPerSecond = Read(configuration, "Simulators:HubSpot:SearchPerSecond", 5);
    }

    public int TenSecondly { get; }
    public int SearchPerSecond { get; }

    public Decision TakeTenSecondly(string token) => _tenSecondly.GetOrAdd(token, _ => new Window(TenSeconds, TenSecondly)).Take(_clock.GetUtcNow());

    public Decision PeekTenSecondly(string token) => _tenSecondly.GetOrAdd(token, _ => new Window(TenSeconds, TenSecondly)).Peek(_clock.GetUtcNow());

    public Decision TakeSearch(string token) => _search.GetOrAdd(token, _ => new Window(TimeSpan.FromSeconds(1), SearchPerSecond)).Take(_clock.GetUtcNow());

    private static int Read(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        return int.TryParse(value, out var parsed) && parsed > 0
            ? parsed
            : throw new InvalidOperationException($"{key} must be a positive number of requests, not '{value}'.");
    }

    /// <summary>Whether a request may go, how many more may in the window, and when to retry if not.</summary>
    internal readonly record struct Decision(bool Allowed, int Remaining, int RetryAfterSeconds);

    /// <summary>A rolling window: the times of the requests it let through within its length.</summary>
    private sealed class Window(TimeSpan length, int max)
    {
        private readonly Lock _gate = new();
        private readonly Queue<DateTimeOffset> _taken = new();
        private DateTimeOffset _latest;

        public Decision Take(DateTimeOffset now)
        {
            lock (_gate)
            {
                // Requests read the clock before they queue for the lock: one may come in after a later one was
                // counted, and waiting from before that would read as longer than the window itself.
                if (_taken.Count > 0 && now < _latest) now = _latest;
                Expire(now);
                if (_taken.Count >= max)
                    return new Decision(false, 0, Math.Max(1, (int)Math.Ceiling((_taken.Peek() + length - now).TotalSeconds)));
                _taken.Enqueue(now);
                _latest = now;
                return new Decision(true, max - _taken.Count, 0);
            }
        }

        public Decision Peek(DateTimeOffset now)
        {
            lock (_gate)
            {
                Expire(now);
                return new Decision(_taken.Count < max, Math.Max(0, max - _taken.Count), 0);
            }
        }

        private void Expire(DateTimeOffset now)
        {
            while (_taken.Count > 0 && _taken.Peek() <= now - length) _taken.Dequeue();
        }
    }
}
