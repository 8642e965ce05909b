using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.Slack;

internal sealed class SlackUser(string id, string name, string realName, string? email, bool isBot = false, bool isAdmin = false)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string RealName { get; } = realName;
    public string? Email { get; } = email;
    public bool IsBot { get; } = isBot;
    public bool IsAdmin { get; } = isAdmin;
}

internal sealed class SlackMessage(string ts, string user, string text)
{
    public string Ts { get; } = ts;
    public string User { get; } = user;
    public string Text { get; } = text;
    /// <summary>Set for the app's own posts: Slack names the bot beside the bot's user.</summary>
    public string? BotId { get; init; }
    public JsonElement? Blocks { get; init; }
    /// <summary>The parent's ts for a reply; a parent with replies has its own ts here, as Slack shows it.</summary>
    public string? ThreadTs { get; set; }
    /// <summary>A reply also sent to the channel (reply_broadcast): it shows in the history too.</summary>
    public bool Broadcast { get; init; }
    public List<SlackMessage> Replies { get; } = [];
}

internal sealed class SlackChannel(string id, string name, bool isPrivate, long created, string topic, string purpose)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public bool IsPrivate { get; } = isPrivate;
    public bool IsArchived { get; init; }
    public long Created { get; } = created;
    public string Topic { get; } = topic;
    public string Purpose { get; } = purpose;
    public HashSet<string> Members { get; } = [];
    /// <summary>Top-level messages and broadcast replies, oldest first.</summary>
    public List<SlackMessage> Messages { get; } = [];
}

/// <summary>
/// One Slack workspace's data as its bot sees it. Callers take <see cref="Gate"/> around every read and write:
/// requests for one workspace run one at a time, which a simulator can afford.
/// </summary>
internal sealed class SlackWorkspace(DemoIdentity team, SlackUser bot)
{
    private long _lastMicros;

    public object Gate { get; } = new();
    public DemoIdentity Team { get; } = team;
    public SlackUser Bot { get; } = bot;
    public List<SlackChannel> Channels { get; } = [];
    public List<SlackUser> Users { get; } = [];

    /// <summary>
    /// Slack's message id: seconds and microseconds since the epoch ("1733140000.000100"), unique in the workspace
    /// and increasing, even for two posts in the same microsecond.
    /// </summary>
    public string NextTs(DateTimeOffset now)
    {
        var micros = Math.Max((now - DateTimeOffset.UnixEpoch).Ticks / 10, _lastMicros + 1);
        _lastMicros = micros;
        return Ts(micros);
    }

    public static string Ts(long micros) => string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");

    /// <summary>A ts as microseconds, or null for one that is not "seconds[.micros]".</summary>
    public static long? Micros(string? ts)
    {
        if (string.IsNullOrEmpty(ts)) return null;
        var parts = ts.Split('.');
        if (parts.Length > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return null;
        var micros = 0L;
        if (parts.Length == 2)
        {
            var fraction = parts[1].PadRight(6, '0');
            if (fraction.Length > 6 || !long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out micros)) return null;
        }
        return seconds * 1_000_000 + micros;
    }

    /// <summary>By id for every method; chat.postMessage also takes a name, with or without its '#'.</summary>
    public SlackChannel? FindChannel(string? idOrName, bool byName = false) =>
        idOrName is null ? null
            : Channels.FirstOrDefault(c => c.Id == idOrName)
              ?? (byName ? Channels.FirstOrDefault(c => c.Name == idOrName.TrimStart('#')) : null);

    public void ResumeTsAfter(long micros) => _lastMicros = Math.Max(_lastMicros, micros);
}

/// <summary>Every workspace's data, made from the demo set the first time a token of the workspace is used.</summary>
internal sealed class SlackWorkspaces(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Lazy<SlackWorkspace>> _workspaces = new(StringComparer.Ordinal);

    public SlackWorkspace For(DemoIdentity team) =>
        _workspaces.GetOrAdd(team.AccountId, _ => new Lazy<SlackWorkspace>(() => Seed(team, clock.GetUtcNow()))).Value;

    /// <summary>
    /// The demo workspace: #general, #sales, #support (the bot is in them), #random (public, bot not in it),
    /// #leadership (private, bot not in it), #old-project (archived); five people at the workspace's domain and a
    /// few messages in #general, one with a thread. Acme and Globex differ in people, topics and messages.
    /// </summary>
    private static SlackWorkspace Seed(DemoIdentity team, DateTimeOffset now)
    {
        var key = team.AccountId[1..]; // "01ACME"
        var (botUserId, _) = SlackOAuth.Bot(team);
        var workspace = new SlackWorkspace(team, new SlackUser(botUserId, SlackOAuth.BotName, "Modular", email: null, isBot: true));
        var globex = team.AccountId == "T02GLOBEX";
        string[][] people = globex
            ?
            [
                [team.UserId, "grace", "Grace Hopper"], ["U02HANK", "hank", "Hank Scorpio"], ["U02MINDY", "mindy", "Mindy Simmons"],
                ["U02FRANK", "frank", "Frank Grimes"], ["U02LENNY", "lenny", "Lenny Leonard"],
            ]
            :
            [
                [team.UserId, "ada", "Ada Lovelace"], ["U01ALAN", "alan", "Alan Turing"], ["U01KATHERINE", "katherine", "Katherine Johnson"],
                ["U01MARGARET", "margaret", "Margaret Hamilton"], ["U01LINUS", "linus", "Linus Torvalds"],
            ];
        foreach (var (person, index) in people.Select((p, i) => (p, i)))
            workspace.Users.Add(new SlackUser(person[0], person[1], person[2], $"{person[1]}@{team.Domain}.example", isAdmin: index == 0));
        workspace.Users.Add(workspace.Bot);

        var created = (now - TimeSpan.FromDays(400)).ToUnixTimeSeconds();
        var humans = workspace.Users.Where(u => !u.IsBot).Select(u => u.Id).ToArray();
        SlackChannel Channel(string suffix, string name, bool isPrivate, bool botIn, string topic, string purpose, bool archived = false, int people = 5)
        {
            var channel = new SlackChannel($"C{key}{suffix}", name, isPrivate, created, topic, purpose) { IsArchived = archived };
            channel.Members.UnionWith(humans.Take(people));
            if (botIn) channel.Members.Add(botUserId);
            workspace.Channels.Add(channel);
            return channel;
        }
        var general = Channel("GEN", "general", false, true, globex ? "Globex-wide announcements" : "Company-wide announcements", "This channel is for everyone");
        Channel("SAL", "sales", false, true, globex ? "Doomsday devices, volume deals" : "Deals and pipeline", "Sales team");
        Channel("SUP", "support", false, true, "Customer tickets", "Support requests from customers");
        Channel("RND", "random", false, false, "Non-work banter", "A place for everything else");
        Channel("LDR", "leadership", true, false, "Leadership only", "Private: the leadership team", people: 2);
        Channel("OLD", "old-project", false, true, "", "A finished project", archived: true, people: 3);

        // A few messages in #general, an hour apart, the second with a thread of two replies.
        var start = (now - TimeSpan.FromHours(6) - DateTimeOffset.UnixEpoch).Ticks / 10;
        var texts = globex
            ? new[] { "Welcome to Globex, everyone!", "Reminder: the volcano lair tour is on Friday.", "Who took my stapler?" }
            : new[] { "Welcome to Acme, everyone!", "The quarterly review is on Thursday at 10:00.", "Lunch is on the house today." };
        long micros = start;
        for (var i = 0; i < texts.Length; i++)
        {
            micros = start + i * 3_600_000_000L;
            general.Messages.Add(new SlackMessage(SlackWorkspace.Ts(micros), humans[i % humans.Length], texts[i]));
        }
        var parent = general.Messages[1];
        parent.ThreadTs = parent.Ts;
        for (var i = 1; i <= 2; i++)
            parent.Replies.Add(new SlackMessage(SlackWorkspace.Ts(SlackWorkspace.Micros(parent.Ts)!.Value + i * 60_000_000L), humans[i + 1], i == 1 ? "I'll be there." : "Can we move it to 11?")
            {
                ThreadTs = parent.Ts,
            });
        workspace.ResumeTsAfter(micros);
        return workspace;
    }
}
