using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Simulators;

/// <summary>The simulators with Slack's rate limits off, so that a class of tests posting in the same channels never waits.</summary>
public sealed class UnlimitedSlackFixture : IAsyncLifetime
{
    public SimulatorHost Host { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:Slack:RateLimits"] = "false" });
        Http = OAuthFlow.Client(Host);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }
}

/// <summary>
/// The Slack simulator's Web API, over HTTP: chat.postMessage, conversations.*, users.*; each bot token sees its own
/// workspace; refusals are HTTP 200 with ok false, rate limits HTTP 429 with Retry-After.
/// </summary>
public sealed class SlackApiTests(UnlimitedSlackFixture simulators) : IClassFixture<UnlimitedSlackFixture>
{
    private const string Static = "xoxb-demo-token";
    private const string AcmeGeneral = "C01ACMEGEN";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private static string Unique(string what) => $"{what} {Guid.NewGuid():N}";

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string method, string? token, params (string Name, string? Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"slack/api/{method}")
        {
            Content = new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Name, f.Value!))),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request, Cancel);
    }

    private Task<JsonElement> CallAsync(string method, params (string Name, string? Value)[] fields) => CallAsync(Static, method, fields);

    private async Task<JsonElement> CallAsync(string token, string method, params (string Name, string? Value)[] fields) =>
        await (await PostAsync(Http, method, token, fields)).JsonAsync(HttpStatusCode.OK);

    private async Task<JsonElement> OkAsync(string token, string method, params (string Name, string? Value)[] fields)
    {
        var body = await CallAsync(token, method, fields);
        body.GetProperty("ok").GetBoolean().ShouldBeTrue(body.ToString());
        return body;
    }

    private Task<JsonElement> OkAsync(string method, params (string Name, string? Value)[] fields) => OkAsync(Static, method, fields);

    private static void ShouldFail(JsonElement body, string error)
    {
        body.GetProperty("ok").GetBoolean().ShouldBeFalse(body.ToString());
        body.Text("error").ShouldBe(error);
    }

    /// <summary>A bot token installed through the OAuth flow into a workspace, with just these scopes.</summary>
    private static async Task<string> InstallAsync(HttpClient http, string scopes, string workspace = "Acme (T01ACME)")
    {
        var pkce = Pkce.New();
        var url = OAuthFlow.Url("slack/oauth/v2/authorize", ("client_id", "demo-slack-client"), ("redirect_uri", OAuthFlow.Callback),
            ("scope", scopes), ("code_challenge", pkce.Challenge), ("code_challenge_method", "S256"));
        var code = OAuthFlow.CallbackQuery(await OAuthFlow.ConsentAsync(http, url, "Allow", workspace))["code"];
        var install = await (await http.PostFormAsync("slack/api/oauth.v2.access", ("code", code), ("client_id", "demo-slack-client"),
            ("client_secret", "demo-slack-secret"), ("redirect_uri", OAuthFlow.Callback), ("code_verifier", pkce.Verifier))).JsonAsync(HttpStatusCode.OK);
        return install.Text("access_token");
    }

    private static List<JsonElement> Items(JsonElement body, string name) => [.. body.GetProperty(name).EnumerateArray()];

    private static decimal Ts(string ts) => decimal.Parse(ts, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_posted_message_answers_with_the_bots_identity_and_is_newest_in_the_channels_history()
    {
        var text = Unique("Deploy finished");

        var posted = await OkAsync("chat.postMessage", ("channel", "#general"), ("text", text));

        posted.Text("channel").ShouldBe(AcmeGeneral);
        posted.Text("ts").ShouldMatch(@"^\d{10}\.\d{6}$");
        var message = posted.GetProperty("message");
        message.Text("type").ShouldBe("message");
        message.Text("text").ShouldBe(text);
        message.Text("ts").ShouldBe(posted.Text("ts"));
        message.Text("user").ShouldBe("U01ACMEBOT");
        message.Text("bot_id").ShouldBe("B01ACMEBOT");
        message.Text("app_id").ShouldBe("A01MODULAR");
        message.Text("team").ShouldBe("T01ACME");
        message.TryGetProperty("thread_ts", out _).ShouldBeFalse();

        var history = await OkAsync("conversations.history", ("channel", AcmeGeneral));
        var found = Items(history, "messages").Single(m => m.Text("ts") == posted.Text("ts"));
        found.Text("text").ShouldBe(text);
        found.Text("bot_id").ShouldBe("B01ACMEBOT");
        var all = Items(history, "messages").Select(m => Ts(m.Text("ts"))).ToList();
        all.ShouldBe(all.OrderDescending().ToList(), "newest first");
    }

    [Fact]
    public async Task A_reply_is_in_the_threads_replies_and_only_a_broadcast_reply_is_in_the_history_too()
    {
        var parent = await OkAsync("chat.postMessage", ("channel", AcmeGeneral), ("text", Unique("Release notes")));
        var ts = parent.Text("ts");

        var reply = await OkAsync("chat.postMessage", ("channel", AcmeGeneral), ("text", Unique("Looks good")), ("thread_ts", ts));
        var broadcast = await OkAsync("chat.postMessage", ("channel", AcmeGeneral), ("text", Unique("Shipped")), ("thread_ts", ts), ("reply_broadcast", "true"));

        reply.GetProperty("message").Text("thread_ts").ShouldBe(ts);
        var replies = Items(await OkAsync("conversations.replies", ("channel", AcmeGeneral), ("ts", ts)), "messages");
        replies.Select(m => m.Text("ts")).ShouldBe([ts, reply.Text("ts"), broadcast.Text("ts")]);
        replies[0].GetProperty("reply_count").GetInt32().ShouldBe(2);
        replies[0].Text("latest_reply").ShouldBe(broadcast.Text("ts"));
        replies[1].Text("parent_user_id").ShouldBe("U01ACMEBOT");
        // A reply's own ts finds the same thread.
        Items(await OkAsync("conversations.replies", ("channel", AcmeGeneral), ("ts", reply.Text("ts"))), "messages").Count.ShouldBe(3);

        var history = Items(await OkAsync("conversations.history", ("channel", AcmeGeneral), ("oldest", ts), ("inclusive", "true")), "messages");
        history.Select(m => m.Text("ts")).ShouldBe([broadcast.Text("ts"), ts]);
        history[0].Text("subtype").ShouldBe("thread_broadcast");
        history[1].GetProperty("reply_count").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Message_ts_values_are_unique_and_increasing_and_a_json_body_with_a_bearer_token_works()
    {
        var stamps = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "slack/api/chat.postMessage")
            {
                Content = JsonContent.Create(new { channel = "C01ACMESAL", text = Unique($"Lead {i}"), blocks = new[] { new { type = "section", text = new { type = "mrkdwn", text = "*bold*" } } } }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Static);
            var posted = await (await Http.SendAsync(request, Cancel)).JsonAsync(HttpStatusCode.OK);
            posted.GetProperty("ok").GetBoolean().ShouldBeTrue(posted.ToString());
            posted.GetProperty("message").GetProperty("blocks")[0].Text("type").ShouldBe("section");
            stamps.Add(posted.Text("ts"));
        }

        stamps.Select(Ts).ShouldBe(stamps.Select(Ts).Order().Distinct().ToList());

        // A JSON body cannot carry the token itself.
        var noBearer = await Http.PostAsync("slack/api/chat.postMessage", JsonContent.Create(new { token = Static, channel = "C01ACMESAL", text = "x" }), Cancel);
        ShouldFail(await noBearer.JsonAsync(HttpStatusCode.OK), "not_authed");
    }

    [Fact]
    public async Task Concurrent_posts_each_get_their_own_ts_and_all_are_kept()
    {
        var texts = Enumerable.Range(0, 20).Select(i => Unique($"Parallel {i}")).ToList();

        var posts = await Task.WhenAll(texts.Select(text => OkAsync("chat.postMessage", ("channel", "C01ACMESUP"), ("text", text))));

        posts.Select(p => p.Text("ts")).Distinct().Count().ShouldBe(20);
        var history = Items(await OkAsync("conversations.history", ("channel", "C01ACMESUP"), ("limit", "999")), "messages").Select(m => m.Text("text")).ToHashSet();
        texts.ShouldAllBe(text => history.Contains(text));
    }

    [Fact]
    public async Task Posting_is_refused_in_slacks_words()
    {
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "C0NOSUCH"), ("text", "x")), "channel_not_found");
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "#leadership"), ("text", "x")), "not_in_channel");
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "#old-project"), ("text", "x")), "is_archived");
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "#general")), "no_text");
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "#general"), ("text", new string('a', 40_001))), "msg_too_long");
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "#general"), ("text", "x"), ("thread_ts", "1.000001")), "thread_not_found");
        ShouldFail(await CallAsync("chat.postMessage", ("channel", "#general"), ("blocks", "not json")), "invalid_blocks");
        await OkAsync("chat.postMessage", ("channel", "#general"), ("text", new string('a', 40_000)));
    }

    [Fact]
    public async Task Conversations_list_pages_to_the_end_with_public_channels_by_default()
    {
        var channels = new List<JsonElement>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await OkAsync("conversations.list", ("limit", "2"), ("cursor", cursor));
            Items(page, "channels").Count.ShouldBeLessThanOrEqualTo(2);
            channels.AddRange(Items(page, "channels"));
            cursor = page.GetProperty("response_metadata").Text("next_cursor");
            pages++;
        }
        while (cursor.Length > 0);

        pages.ShouldBe(3);
        channels.Select(c => c.Text("name")).ShouldBe(["general", "sales", "support", "random", "old-project"], ignoreOrder: true);
        var general = channels.Single(c => c.Text("name") == "general");
        general.Text("id").ShouldBe(AcmeGeneral);
        general.GetProperty("is_channel").GetBoolean().ShouldBeTrue();
        general.GetProperty("is_private").GetBoolean().ShouldBeFalse();
        general.GetProperty("is_member").GetBoolean().ShouldBeTrue();
        general.GetProperty("num_members").GetInt32().ShouldBe(6);
        general.GetProperty("topic").Text("value").ShouldNotBeNullOrEmpty();
        general.GetProperty("purpose").Text("value").ShouldNotBeNullOrEmpty();
        general.GetProperty("created").GetInt64().ShouldBeGreaterThan(0);
        channels.Single(c => c.Text("name") == "random").GetProperty("is_member").GetBoolean().ShouldBeFalse();
        channels.Single(c => c.Text("name") == "old-project").GetProperty("is_archived").GetBoolean().ShouldBeTrue();

        var open = Items(await OkAsync("conversations.list", ("exclude_archived", "true"), ("types", "public_channel,private_channel")), "channels");
        open.Select(c => c.Text("name")).ShouldBe(["general", "sales", "support", "random"], ignoreOrder: true, "a bot sees no private channel it is not in");
        ShouldFail(await CallAsync("conversations.list", ("cursor", "bm90LWEtY3Vyc29y")), "invalid_cursor");
    }

    [Fact]
    public async Task History_pages_newest_first_to_the_end_and_takes_a_time_range()
    {
        var first = await OkAsync("chat.postMessage", ("channel", "C01ACMESUP"), ("text", Unique("Ticket 1")));
        var second = await OkAsync("chat.postMessage", ("channel", "C01ACMESUP"), ("text", Unique("Ticket 2")));
        var third = await OkAsync("chat.postMessage", ("channel", "C01ACMESUP"), ("text", Unique("Ticket 3")));

        var seen = new List<string>();
        string? cursor = null;
        bool hasMore;
        do
        {
            var page = await OkAsync("conversations.history", ("channel", "C01ACMESUP"), ("limit", "1"), ("cursor", cursor), ("oldest", first.Text("ts")), ("inclusive", "1"));
            seen.AddRange(Items(page, "messages").Select(m => m.Text("ts")));
            hasMore = page.GetProperty("has_more").GetBoolean();
            cursor = page.GetProperty("response_metadata").Text("next_cursor");
            (cursor.Length > 0).ShouldBe(hasMore);
        }
        while (hasMore);

        seen.ShouldBe([third.Text("ts"), second.Text("ts"), first.Text("ts")]);
        var between = Items(await OkAsync("conversations.history", ("channel", "C01ACMESUP"), ("oldest", first.Text("ts")), ("latest", third.Text("ts"))), "messages");
        between.Select(m => m.Text("ts")).ShouldBe([second.Text("ts")], "oldest and latest are exclusive by default");
        ShouldFail(await CallAsync("conversations.history", ("channel", "C01ACMESUP"), ("latest", "soon")), "invalid_ts_latest");
        ShouldFail(await CallAsync("conversations.history", ("channel", "C0NOSUCH")), "channel_not_found");
        ShouldFail(await CallAsync("conversations.history", ("channel", "C01ACMERND")), "not_in_channel");
        ShouldFail(await CallAsync("conversations.replies", ("channel", AcmeGeneral), ("ts", "1.000001")), "thread_not_found");
    }

    [Fact]
    public async Task The_demo_history_of_general_has_a_thread()
    {
        var history = Items(await OkAsync("conversations.history", ("channel", AcmeGeneral), ("oldest", "0"), ("latest", "1999999999")), "messages");
        var thread = history.Single(m => m.TryGetProperty("reply_count", out _) && m.Text("text").StartsWith("The quarterly review", StringComparison.Ordinal));

        var replies = Items(await OkAsync("conversations.replies", ("channel", AcmeGeneral), ("ts", thread.Text("ts"))), "messages");

        replies.Count.ShouldBe(3);
        replies.Skip(1).ShouldAllBe(r => r.GetProperty("thread_ts").GetString() == thread.Text("ts"));
    }

    [Fact]
    public async Task Conversations_info_names_a_channel_the_bot_can_see()
    {
        var info = (await OkAsync("conversations.info", ("channel", "C01ACMERND"))).GetProperty("channel");
        info.Text("name").ShouldBe("random");
        info.GetProperty("is_member").GetBoolean().ShouldBeFalse();

        ShouldFail(await CallAsync("conversations.info", ("channel", "C01ACMELDR")), "channel_not_found");
        ShouldFail(await CallAsync("conversations.info", ("channel", "C0NOSUCH")), "channel_not_found");
    }

    [Fact]
    public async Task Users_are_found_by_email_listed_page_by_page_and_looked_up_by_id()
    {
        var user = (await OkAsync("users.lookupByEmail", ("email", "Alan@Acme.Example"))).GetProperty("user");
        user.Text("id").ShouldBe("U01ALAN");
        user.Text("team_id").ShouldBe("T01ACME");
        user.Text("name").ShouldBe("alan");
        user.Text("real_name").ShouldBe("Alan Turing");
        user.GetProperty("deleted").GetBoolean().ShouldBeFalse();
        user.GetProperty("is_bot").GetBoolean().ShouldBeFalse();
        user.GetProperty("profile").Text("email").ShouldBe("alan@acme.example");
        user.GetProperty("profile").Text("real_name").ShouldBe("Alan Turing");
        user.GetProperty("profile").Text("display_name").ShouldBe("alan");
        ShouldFail(await CallAsync("users.lookupByEmail", ("email", "nobody@acme.example")), "users_not_found");

        var members = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await OkAsync("users.list", ("limit", "2"), ("cursor", cursor));
            members.AddRange(Items(page, "members"));
            cursor = page.GetProperty("response_metadata").Text("next_cursor");
        }
        while (cursor.Length > 0);
        members.Count.ShouldBe(6);
        members.Count(m => m.GetProperty("is_bot").GetBoolean()).ShouldBe(1);
        members.Where(m => !m.GetProperty("is_bot").GetBoolean()).ShouldAllBe(m => m.GetProperty("profile").GetProperty("email").GetString()!.EndsWith("@acme.example"));
        Items(await OkAsync("users.list"), "members").Count.ShouldBe(6, "no limit is everyone at once");

        (await OkAsync("users.info", ("user", "U01ADA"))).GetProperty("user").Text("real_name").ShouldBe("Ada Lovelace");
        ShouldFail(await CallAsync("users.info", ("user", "U0NOSUCH")), "user_not_found");
    }

    [Fact]
    public async Task Each_workspace_sees_its_own_channels_users_and_messages()
    {
        var globex = await InstallAsync(Http, "chat:write,channels:read,channels:history,users:read,users:read.email", "Globex (T02GLOBEX)");
        var text = Unique("Acme only");
        await OkAsync("chat.postMessage", ("channel", "#general"), ("text", text));

        var channels = Items(await OkAsync(globex, "conversations.list"), "channels");
        var general = channels.Single(c => c.Text("name") == "general");
        general.Text("id").ShouldBe("C02GLOBEXGEN");
        channels.ShouldAllBe(c => c.GetProperty("id").GetString()!.StartsWith("C02GLOBEX"));
        Items(await OkAsync(globex, "conversations.history", ("channel", "C02GLOBEXGEN")), "messages").ShouldAllBe(m => m.GetProperty("text").GetString() != text);
        ShouldFail(await CallAsync(globex, "conversations.history", ("channel", AcmeGeneral)), "channel_not_found");
        (await OkAsync(globex, "users.lookupByEmail", ("email", "grace@globex.example"))).GetProperty("user").Text("team_id").ShouldBe("T02GLOBEX");
        ShouldFail(await CallAsync(globex, "users.lookupByEmail", ("email", "alan@acme.example")), "users_not_found");

        var posted = await OkAsync(globex, "chat.postMessage", ("channel", "#general"), ("text", Unique("Globex hello")));
        posted.GetProperty("message").Text("user").ShouldBe("U02GLOBEXBOT");
        posted.GetProperty("message").Text("team").ShouldBe("T02GLOBEX");
    }

    [Fact]
    public async Task A_token_without_the_methods_scope_is_refused_with_what_it_needs_and_has()
    {
        var token = await InstallAsync(Http, "channels:read");

        var refused = await CallAsync(token, "chat.postMessage", ("channel", "#general"), ("text", "x"));

        ShouldFail(refused, "missing_scope");
        refused.Text("needed").ShouldBe("chat:write");
        refused.Text("provided").ShouldBe("channels:read");
        (await CallAsync(token, "users.lookupByEmail", ("email", "alan@acme.example"))).Text("needed").ShouldBe("users:read.email");
        (await CallAsync(token, "conversations.history", ("channel", AcmeGeneral))).Text("needed").ShouldBe("channels:history");
        (await CallAsync(token, "conversations.list", ("types", "private_channel"))).Text("needed").ShouldBe("groups:read");
        await OkAsync(token, "conversations.list");
    }

    [Fact]
    public async Task A_public_channel_the_bot_is_not_in_takes_its_posts_only_with_chat_write_public()
    {
        var token = await InstallAsync(Http, "chat:write");

        ShouldFail(await CallAsync(token, "chat.postMessage", ("channel", "#random"), ("text", "x")), "not_in_channel");
        await OkAsync(token, "chat.postMessage", ("channel", "#general"), ("text", Unique("Member")));
        // The static token has every scope, chat:write.public too.
        await OkAsync("chat.postMessage", ("channel", "#random"), ("text", Unique("Outsider")));
    }

    [Fact]
    public async Task A_missing_unknown_or_revoked_token_is_refused()
    {
        ShouldFail(await (await PostAsync(Http, "conversations.list", null)).JsonAsync(HttpStatusCode.OK), "not_authed");
        ShouldFail(await CallAsync("xoxb-no-such-token", "conversations.list"), "invalid_auth");
        var token = await InstallAsync(Http, "channels:read");
        await OkAsync(token, "conversations.list");
        await OkAsync(token, "auth.revoke");

        ShouldFail(await CallAsync(token, "conversations.list"), "token_revoked");
        // The token as a form field or query parameter, as Slack also takes it.
        (await (await Http.GetAsync($"slack/api/conversations.list?token={Static}", Cancel)).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
        (await (await PostAsync(Http, "conversations.list", null, ("token", Static))).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_method_is_not_found()
    {
        var answer = await PostAsync(Http, "chat.fly", Static);

        ShouldFail(await answer.JsonAsync(HttpStatusCode.NotFound), "unknown_method");
    }

    [Fact]
    public async Task Over_a_tiers_limit_a_token_gets_429_with_retry_after_and_other_tokens_do_not()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);
        var other = await InstallAsync(http, "users:read");

        for (var i = 0; i < 20; i++)
            (await (await PostAsync(http, "users.list", Static)).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
        using var limited = await PostAsync(http, "users.list", Static);

        ShouldFail(await limited.JsonAsync(HttpStatusCode.TooManyRequests), "ratelimited");
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
        (await (await PostAsync(http, "users.list", other)).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
        (await (await PostAsync(http, "users.lookupByEmail", Static, ("email", "ada@acme.example"))).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Posting_is_limited_per_channel_after_a_burst()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);

        for (var i = 0; i < 5; i++)
            (await (await PostAsync(http, "chat.postMessage", Static, ("channel", "#sales"), ("text", $"burst {i}"))).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
        using var limited = await PostAsync(http, "chat.postMessage", Static, ("channel", "#sales"), ("text", "one too many"));

        ShouldFail(await limited.JsonAsync(HttpStatusCode.TooManyRequests), "ratelimited");
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        (await (await PostAsync(http, "chat.postMessage", Static, ("channel", "#support"), ("text", "another channel"))).JsonAsync(HttpStatusCode.OK)).GetProperty("ok").GetBoolean().ShouldBeTrue();
        var history = await (await PostAsync(http, "conversations.history", Static, ("channel", "C01ACMESAL"))).JsonAsync(HttpStatusCode.OK);
        Items(history, "messages").ShouldNotContain(m => m.GetProperty("text").GetString() == "one too many");
    }

    [Fact]
    public async Task A_configured_multiplier_raises_the_limits()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:Slack:RateLimits"] = "2" });
        using var http = OAuthFlow.Client(host);

        for (var i = 0; i < 40; i++)
            (await PostAsync(http, "conversations.list", Static)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await PostAsync(http, "conversations.list", Static)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public void A_rate_limit_setting_that_is_neither_a_switch_nor_a_multiplier_stops_the_app_at_start() =>
        Should.Throw<InvalidOperationException>(() => Modular.Simulators.SimulatorApp.Build([], new Dictionary<string, string?> { ["Simulators:Slack:RateLimits"] = "sometimes" }));
}
