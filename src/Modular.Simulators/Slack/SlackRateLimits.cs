using System.Collections.Concurrent;
using System.Globalization;

namespace Modular.Simulators.Slack;

/// <summary>Slack's rate-limit tiers (https://api.slack.com/docs/rate-limits): calls per minute, per token and method.</summary>
internal enum SlackTier { Tier2 = 20, Tier3 = 50, Tier4 = 100 }

/// <summary>
/// Slack's rate limits, enforced by default: per token and method a one-minute window of the method's tier, and for
/// chat.postMessage about one message a second per channel (a burst of 5, then one a second).
/// <c>Simulators:Slack:RateLimits</c> is <c>false</c> to turn them off, or a number that multiplies every limit
/// (<c>10</c> for ten times as many calls), so tests and benchmarks can raise them.
/// </summary>
internal sealed class SlackRateLimits
{
    private const int PostBurst = 5;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _clock;
    private readonly double _multiplier;
    private readonly ConcurrentDictionary<(string Token, string Method), Queue<DateTimeOffset>> _calls = new();
    private readonly ConcurrentDictionary<(string Team, string Channel), Bucket> _posts = new();

    public SlackRateLimits(TimeProvider clock, IConfiguration configuration)
    {
        _clock = clock;
        var setting = configuration["Simulators:Slack:RateLimits"];
        _multiplier = setting switch
        {
            null or "" or "true" or "True" => 1,
            "false" or "False" or "off" => 0,
            _ when double.TryParse(setting, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 => value,
            _ => throw new InvalidOperationException($"Simulators:Slack:RateLimits must be true, false or a positive multiplier, not '{setting}'."),
        };
    }

    public bool Enabled => _multiplier > 0;

    /// <summary>Counts a call; over the tier's limit, the seconds until a call would be taken again.</summary>
    public int? Take(string token, string method, SlackTier tier)
    {
        if (!Enabled) return null;
        var limit = Math.Max(1, (int)Math.Ceiling((int)tier * _multiplier));
        var now = _clock.GetUtcNow();
        var calls = _calls.GetOrAdd((token, method), _ => new Queue<DateTimeOffset>());
        lock (calls)
        {
            while (calls.Count > 0 && calls.Peek() <= now - Window) calls.Dequeue();
            if (calls.Count >= limit) return Seconds(calls.Peek() + Window - now);
            calls.Enqueue(now);
            return null;
        }
    }

    /// <summary>chat.postMessage's limit per channel, whichever token posts: a token bucket.</summary>
    public int? TakePost(string team, string channel)
    {
        if (!Enabled) return null;
        var perSecond = _multiplier;
        var capacity = Math.Max(1, PostBurst * _multiplier);
        var now = _clock.GetUtcNow();
        var bucket = _posts.GetOrAdd((team, channel), _ => new Bucket(capacity, now));
        lock (bucket)
        {
            bucket.Tokens = Math.Min(capacity, bucket.Tokens + (now - bucket.At).TotalSeconds * perSecond);
            bucket.At = now;
            if (bucket.Tokens < 1) return Seconds(TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond));
            bucket.Tokens -= 1;
            return null;
        }
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;
        public DateTimeOffset At { get; set; } = at;
    }
}
