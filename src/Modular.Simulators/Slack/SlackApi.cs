using System.Globalization;
using System.Text;
using System.Text.Json;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.Slack;

/// <summary>
/// The Slack Web API methods connectors call, as slack.com/api under <c>/slack/api/{method}</c>: chat.postMessage,
/// conversations.list/history/replies/info, users.list/info/lookupByEmail. Each bot token sees its own workspace.
/// </summary>
/// <remarks>
/// Like Slack: GET with a query, POST with a form or a JSON body (JSON needs the bearer header), HTTP 200 with
/// <c>{"ok":false,"error":…}</c> for every refusal, HTTP 429 with <c>Retry-After</c> over a rate limit, cursors in
/// <c>response_metadata.next_cursor</c> (empty on the last page).
/// </remarks>
internal static class SlackApi
{
    private const int MaxTextLength = 40_000;

    private sealed record Method(SlackTier? Tier, Func<SlackCall, IResult> Handle);

    // chat.postMessage has no tier: its limit is per channel, taken once the channel is known.
    private static readonly Dictionary<string, Method> Methods = new(StringComparer.Ordinal)
    {
        ["chat.postMessage"] = new(null, PostMessage),
        ["conversations.list"] = new(SlackTier.Tier2, ListConversations),
        ["conversations.history"] = new(SlackTier.Tier3, History),
        ["conversations.replies"] = new(SlackTier.Tier3, Replies),
        ["conversations.info"] = new(SlackTier.Tier3, ConversationInfo),
        ["users.list"] = new(SlackTier.Tier2, ListUsers),
        ["users.info"] = new(SlackTier.Tier4, UserInfo),
        ["users.lookupByEmail"] = new(SlackTier.Tier4, LookupByEmail),
    };

    public static void Map(IEndpointRouteBuilder app) =>
        // auth.test, auth.revoke and oauth.v2.access are literal routes of SlackOAuth and win over this one.
        app.MapMethods("/slack/api/{method}", ["GET", "POST"], Handle);

    private static async Task<IResult> Handle(string method, HttpRequest request, TokenStore tokens, SlackWorkspaces workspaces, SlackRateLimits limits)
    {
        if (!Methods.TryGetValue(method, out var spec)) return Results.Json(new { ok = false, error = "unknown_method" }, statusCode: StatusCodes.Status404NotFound);
        var (args, invalid) = await SlackArgs.ReadAsync(request);
        if (invalid is not null) return Error(invalid);
        // A JSON body cannot carry the token: Slack wants it as a bearer token then.
        var token = Fields.Bearer(request) ?? (args.IsJson ? null : args["token"]);
        if (token is null) return Error("not_authed");
        var found = tokens.FindAccess(SlackOAuth.Vendor, token);
        if (found.State != AccessState.Active) return Error(SlackOAuth.Refusal(found.State));
        if (spec.Tier is { } tier && limits.Take(token, method, tier) is { } retryAfter) return new Fault(StatusCodes.Status429TooManyRequests, retryAfter);

        var workspace = workspaces.For(found.Grant!.Identity);
        var call = new SlackCall(found.Grant, workspace, args, tokens.Now, limits);
        lock (workspace.Gate) return spec.Handle(call);
    }

    private static IResult PostMessage(SlackCall call)
    {
        if (call.Missing("chat:write") is { } refused) return refused;
        var ws = call.Workspace;
        var channel = ws.FindChannel(call.Args["channel"], byName: true);
        if (channel is null) return Error("channel_not_found");
        var text = call.Args["text"];
        var (blocks, blocksError) = call.Args.Json("blocks");
        if (blocksError is not null || blocks.ValueKind is not (JsonValueKind.Array or JsonValueKind.Undefined)) return Error("invalid_blocks");
        var hasBlocks = blocks.ValueKind == JsonValueKind.Array && blocks.GetArrayLength() > 0;
        if (string.IsNullOrEmpty(text) && !hasBlocks && call.Args["attachments"] is null) return Error("no_text");
        if (text?.Length > MaxTextLength) return Error("msg_too_long");
        if (channel.IsArchived) return Error("is_archived");
        var botIn = channel.Members.Contains(ws.Bot.Id);
        // A public channel takes the bot's posts without it joining only with chat:write.public.
        if (!botIn && (channel.IsPrivate || !call.Has("chat:write.public"))) return Error("not_in_channel");

        SlackMessage? parent = null;
        if (call.Args["thread_ts"] is { } threadTs)
        {
            parent = channel.Messages.FirstOrDefault(m => m.Ts == threadTs && !m.Broadcast)
                     ?? channel.Messages.FirstOrDefault(m => m.Replies.Any(r => r.Ts == threadTs));
            if (parent is null) return Error("thread_not_found");
        }
        if (call.Limits.TakePost(ws.Team.AccountId, channel.Id) is { } retryAfter) return new Fault(StatusCodes.Status429TooManyRequests, retryAfter);

        var message = new SlackMessage(ws.NextTs(call.Now), ws.Bot.Id, text ?? "")
        {
            BotId = SlackOAuth.Bot(ws.Team).BotId,
            Blocks = hasBlocks ? blocks.Clone() : null,
            ThreadTs = parent?.Ts,
            Broadcast = parent is not null && call.Args.Bool("reply_broadcast"),
        };
        if (parent is null) channel.Messages.Add(message);
        else
        {
            parent.ThreadTs = parent.Ts;
            parent.Replies.Add(message);
            if (message.Broadcast) channel.Messages.Add(message);
        }
        return Results.Json(new { ok = true, channel = channel.Id, ts = message.Ts, message = MessageJson(ws, message, parent) });
    }

    private static IResult ListConversations(SlackCall call)
    {
        var types = (call.Args["types"] ?? "public_channel").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var scopes = new Dictionary<string, string> { ["public_channel"] = "channels:read", ["private_channel"] = "groups:read", ["mpim"] = "mpim:read", ["im"] = "im:read" };
        if (types.Any(t => !scopes.ContainsKey(t))) return Error("invalid_types");
        if (call.Missing([.. types.Select(t => scopes[t])]) is { } refused) return refused;
        var ws = call.Workspace;
        var excludeArchived = call.Args.Bool("exclude_archived");
        // A bot sees the private channels it is in, and no others.
        var visible = ws.Channels.Where(c => c.IsPrivate
                ? types.Contains("private_channel") && c.Members.Contains(ws.Bot.Id)
                : types.Contains("public_channel"))
            .Where(c => !excludeArchived || !c.IsArchived)
            .ToList();
        if (!Paging.TryPage(visible, c => c.Id, "channel", call.Args["cursor"], call.Args.Limit(100, 1000), out var page, out var next)) return Error("invalid_cursor");
        return Results.Json(new { ok = true, channels = page.Select(c => ChannelJson(ws, c)), response_metadata = new { next_cursor = next } });
    }

    private static IResult ConversationInfo(SlackCall call)
    {
        var ws = call.Workspace;
        var channel = ws.FindChannel(call.Args["channel"]);
        if (channel is null || (channel.IsPrivate && !channel.Members.Contains(ws.Bot.Id))) return Error("channel_not_found");
        if (call.Missing(channel.IsPrivate ? "groups:read" : "channels:read") is { } refused) return refused;
        return Results.Json(new { ok = true, channel = ChannelJson(ws, channel) });
    }

    private static IResult History(SlackCall call)
    {
        if (Readable(call, "history") is not { } channel) return call.Refused!;
        if (!TryRange(call, out var oldest, out var latest, out var rangeError)) return Error(rangeError!);
        var inclusive = call.Args.Bool("inclusive");
        var messages = channel.Messages
            .Where(m => InRange(SlackWorkspace.Micros(m.Ts)!.Value, oldest, latest, inclusive))
            .Reverse() // newest first
            .ToList();
        if (!Paging.TryPage(messages, m => m.Ts, "next_ts", call.Args["cursor"], call.Args.Limit(100, 999), out var page, out var next)) return Error("invalid_cursor");
        return Results.Json(new
        {
            ok = true,
            messages = page.Select(m => MessageJson(call.Workspace, m, m.Broadcast ? channel.Messages.FirstOrDefault(p => p.Replies.Contains(m)) : null)),
            has_more = next.Length > 0,
            pin_count = 0,
            channel_actions_count = 0,
            response_metadata = new { next_cursor = next },
        });
    }

    private static IResult Replies(SlackCall call)
    {
        if (Readable(call, "history") is not { } channel) return call.Refused!;
        var ts = call.Args["ts"];
        var parent = channel.Messages.FirstOrDefault(m => m.Ts == ts && !m.Broadcast)
                     ?? channel.Messages.FirstOrDefault(m => m.Replies.Any(r => r.Ts == ts));
        if (parent is null) return Error("thread_not_found");
        if (!TryRange(call, out var oldest, out var latest, out var rangeError)) return Error(rangeError!);
        var inclusive = call.Args.Bool("inclusive");
        // The parent always comes first, then its replies oldest first within the range asked for.
        var thread = new List<SlackMessage> { parent };
        thread.AddRange(parent.Replies.Where(r => InRange(SlackWorkspace.Micros(r.Ts)!.Value, oldest, latest, inclusive)));
        if (!Paging.TryPage(thread, m => m.Ts, "next_ts", call.Args["cursor"], call.Args.Limit(1000, 1000), out var page, out var next)) return Error("invalid_cursor");
        return Results.Json(new
        {
            ok = true,
            messages = page.Select(m => MessageJson(call.Workspace, m, m == parent ? null : parent)),
            has_more = next.Length > 0,
            response_metadata = new { next_cursor = next },
        });
    }

    private static IResult ListUsers(SlackCall call)
    {
        if (call.Missing("users:read") is { } refused) return refused;
        var ws = call.Workspace;
        // No limit (or 0) is every user at once, as Slack answers a small workspace.
        var limit = call.Args.Limit(0, 1000);
        if (!Paging.TryPage(ws.Users, u => u.Id, "user", call.Args["cursor"], limit == 0 ? int.MaxValue : limit, out var page, out var next)) return Error("invalid_cursor");
        return Results.Json(new
        {
            ok = true,
            members = page.Select(u => UserJson(ws, u)),
            cache_ts = call.Now.ToUnixTimeSeconds(),
            response_metadata = new { next_cursor = next },
        });
    }

    private static IResult UserInfo(SlackCall call)
    {
        if (call.Missing("users:read") is { } refused) return refused;
        var user = call.Workspace.Users.FirstOrDefault(u => u.Id == call.Args["user"]);
        return user is null ? Error("user_not_found") : Results.Json(new { ok = true, user = UserJson(call.Workspace, user) });
    }

    private static IResult LookupByEmail(SlackCall call)
    {
        if (call.Missing("users:read.email") is { } refused) return refused;
        var email = call.Args["email"];
        var user = call.Workspace.Users.FirstOrDefault(u => u.Email is not null && string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        return user is null ? Error("users_not_found") : Results.Json(new { ok = true, user = UserJson(call.Workspace, user) });
    }

    /// <summary>The channel a history or replies call reads: known, in scope, and one the bot is in.</summary>
    private static SlackChannel? Readable(SlackCall call, string what)
    {
        var ws = call.Workspace;
        var channel = ws.FindChannel(call.Args["channel"]);
        if (channel is null) return call.Refuse(Error("channel_not_found"));
        if (call.Missing(channel.IsPrivate ? $"groups:{what}" : $"channels:{what}") is { } refused) return call.Refuse(refused);
        return channel.Members.Contains(ws.Bot.Id) ? channel : call.Refuse(Error("not_in_channel"));
    }

    private static bool TryRange(SlackCall call, out long oldest, out long latest, out string? error)
    {
        var (oldestText, latestText) = (call.Args["oldest"], call.Args["latest"]);
        oldest = SlackWorkspace.Micros(oldestText) ?? 0;
        latest = SlackWorkspace.Micros(latestText) ?? long.MaxValue;
        error = oldestText is not null && SlackWorkspace.Micros(oldestText) is null ? "invalid_ts_oldest"
            : latestText is not null && SlackWorkspace.Micros(latestText) is null ? "invalid_ts_latest"
            : null;
        return error is null;
    }

    private static bool InRange(long ts, long oldest, long latest, bool inclusive) =>
        inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;

    private static object ChannelJson(SlackWorkspace ws, SlackChannel c) => new
    {
        id = c.Id,
        name = c.Name,
        is_channel = true,
        is_group = false,
        is_im = false,
        is_mpim = false,
        is_private = c.IsPrivate,
        created = c.Created,
        is_archived = c.IsArchived,
        is_general = c.Name == "general",
        name_normalized = c.Name,
        is_shared = false,
        is_org_shared = false,
        is_ext_shared = false,
        is_member = c.Members.Contains(ws.Bot.Id),
        creator = ws.Team.UserId,
        context_team_id = ws.Team.AccountId,
        topic = new { value = c.Topic, creator = ws.Team.UserId, last_set = c.Created },
        purpose = new { value = c.Purpose, creator = ws.Team.UserId, last_set = c.Created },
        previous_names = Array.Empty<string>(),
        num_members = c.Members.Count,
    };

    private static object UserJson(SlackWorkspace ws, SlackUser u) => new
    {
        id = u.Id,
        team_id = ws.Team.AccountId,
        name = u.Name,
        deleted = false,
        color = "9f69e7",
        real_name = u.RealName,
        tz = "Europe/London",
        tz_label = "Greenwich Mean Time",
        tz_offset = 0,
        profile = new
        {
            real_name = u.RealName,
            real_name_normalized = u.RealName,
            display_name = u.IsBot ? "" : u.Name,
            display_name_normalized = u.IsBot ? "" : u.Name,
            email = u.Email,
            bot_id = u.IsBot ? SlackOAuth.Bot(ws.Team).BotId : null,
            team = ws.Team.AccountId,
        },
        is_admin = u.IsAdmin,
        is_owner = u.IsAdmin,
        is_primary_owner = u.IsAdmin,
        is_restricted = false,
        is_ultra_restricted = false,
        is_bot = u.IsBot,
        is_app_user = false,
        updated = 1_700_000_000,
    };

    private static object MessageJson(SlackWorkspace ws, SlackMessage m, SlackMessage? parent) => new
    {
        type = "message",
        subtype = m.Broadcast ? "thread_broadcast" : null,
        user = m.User,
        text = m.Text,
        ts = m.Ts,
        team = ws.Team.AccountId,
        bot_id = m.BotId,
        app_id = m.BotId is null ? null : SlackOAuth.AppId,
        bot_profile = m.BotId is null ? null : new { id = m.BotId, app_id = SlackOAuth.AppId, name = SlackOAuth.BotName, deleted = false, team_id = ws.Team.AccountId },
        blocks = m.Blocks,
        thread_ts = m.ThreadTs,
        parent_user_id = parent?.User,
        reply_count = m.Replies.Count > 0 ? m.Replies.Count : (int?)null,
        reply_users_count = m.Replies.Count > 0 ? m.Replies.Select(r => r.User).Distinct().Count() : (int?)null,
        latest_reply = m.Replies.Count > 0 ? m.Replies[^1].Ts : null,
        reply_users = m.Replies.Count > 0 ? m.Replies.Select(r => r.User).Distinct().ToArray() : null,
    };

    private static IResult Error(string error) => Results.Json(new { ok = false, error });

    /// <summary>A refusal with a status other than 200, in Slack's words (<see cref="SlackFaults"/>).</summary>
    private sealed class Fault(int status, int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => SlackFaults.WriteAsync(httpContext.Response, status, retryAfterSeconds);
    }

    /// <summary>One authenticated call: who is calling, into which workspace, with which arguments.</summary>
    private sealed class SlackCall(Grant grant, SlackWorkspace workspace, SlackArgs args, DateTimeOffset now, SlackRateLimits limits)
    {
        public SlackWorkspace Workspace { get; } = workspace;
        public SlackArgs Args { get; } = args;
        public DateTimeOffset Now { get; } = now;
        public SlackRateLimits Limits { get; } = limits;
        public IResult? Refused { get; private set; }

        /// <summary>The static bot token has every scope; an installed one has what its install granted.</summary>
        public bool Has(string scope) => grant.IsStatic || grant.Scopes.Contains(scope);

        /// <summary>Slack's missing_scope, naming what the method needs and what the token has.</summary>
        public IResult? Missing(params string[] scopes)
        {
            var needed = scopes.Where(s => !Has(s)).ToArray();
            return needed.Length == 0 ? null
                : Results.Json(new { ok = false, error = "missing_scope", needed = string.Join(',', needed), provided = string.Join(',', grant.Scopes) });
        }

        public SlackChannel? Refuse(IResult result)
        {
            Refused = result;
            return null;
        }
    }
}

/// <summary>A Slack method's arguments: a JSON body's fields, else a form's, else the query's.</summary>
internal sealed class SlackArgs
{
    private readonly Func<string, string?> _field;

    private SlackArgs(Func<string, string?> field, bool isJson) => (_field, IsJson) = (field, isJson);

    public bool IsJson { get; }

    public string? this[string name] => _field(name);

    public static async Task<(SlackArgs Args, string? Invalid)> ReadAsync(HttpRequest request)
    {
        if (request.HasJsonContentType())
        {
            JsonElement body;
            try
            {
                body = (await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: request.HttpContext.RequestAborted)).Clone();
            }
            catch (JsonException)
            {
                return (new SlackArgs(_ => null, true), "invalid_json");
            }
            if (body.ValueKind != JsonValueKind.Object) return (new SlackArgs(_ => null, true), "json_not_object");
            // A non-string value (a bool, a number, the blocks array) is read as its JSON text, as a form would send it.
            return (new SlackArgs(name => body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value.ValueKind == JsonValueKind.String ? NonEmpty(value.GetString()) : value.GetRawText()
                : One(request.Query[name]), true), null);
        }
        var form = await Fields.FormOrQueryAsync(request);
        return (new SlackArgs(form, false), null);
    }

    public bool Bool(string name) => this[name] is "true" or "1" or "True";

    /// <summary>A limit: absent or 0 is the method's default, anything above its maximum is the maximum.</summary>
    public int Limit(int byDefault, int max) =>
        int.TryParse(this["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? Math.Min(limit, max) : byDefault;

    /// <summary>A field that holds JSON (blocks): Undefined when absent, or the element; the error when it is not JSON.</summary>
    public (JsonElement Value, string? Error) Json(string name)
    {
        if (this[name] is not { } text) return (default, null);
        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, "invalid_json");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? One(Microsoft.Extensions.Primitives.StringValues values) => Fields.One(values);
}

/// <summary>Slack's cursor paging: the cursor is base64 of "{kind}:{key of the next item}", empty after the last page.</summary>
internal static class Paging
{
    public static bool TryPage<T>(IReadOnlyList<T> items, Func<T, string> key, string kind, string? cursor, int limit, out IReadOnlyList<T> page, out string next)
    {
        var start = 0;
        (page, next) = ([], "");
        if (cursor is not null)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            }
            catch (FormatException)
            {
                return false;
            }
            if (!decoded.StartsWith(kind + ":", StringComparison.Ordinal)) return false;
            var wanted = decoded[(kind.Length + 1)..];
            start = items.Select(key).ToList().IndexOf(wanted);
            if (start < 0) return false;
        }
        page = [.. items.Skip(start).Take(limit)];
        var end = start + page.Count;
        next = end < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}:{key(items[end])}")) : "";
        return true;
    }
}
