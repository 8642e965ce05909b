using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Modular.Tests.Runs;
using Modular.Tests.Simulators;
using static Modular.Tests.Connectors.ConnectorFlow;

namespace Modular.Tests.Connectors;

/// <summary>The Slack connector against the local Slack: a workspace connected through the install pop-up, messages posted and seen in the channel.</summary>
public sealed class SlackTests(PlatformFixture platform)
{
    private async Task<RunsClient> Workspace() => new(await platform.NewWorkspaceClientAsync());

    private async Task<JsonElement> HistoryAsync(string channel)
    {
        using var http = OAuthFlow.Client(platform.Host.Simulators);
        return await http.JsonAsync(HttpMethod.Get, $"slack/api/conversations.history?channel={channel}&limit=50", "xoxb-demo-token");
    }

    [Fact]
    public async Task A_message_posted_by_the_template_is_in_the_channel_history_of_the_connected_workspace()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "slack", "Acme (T01ACME)");
        var account = await (await runs.Http.GetAsync($"/api/accounts/{accountId}", TestContext.Current.CancellationToken)).ReadJsonAsync();
        account.GetProperty("externalName").GetString().ShouldBe("Acme (T01ACME)");
        var marker = Guid.NewGuid().ToString("N");
        var actionId = await ActiveActionAsync(runs, "slack.post-message", accountId, new { channel = "C01ACMESAL", message = "Order {{ input.id }} " + marker });

        var (run, events) = await RunAsync(runs, actionId, new { id = 42 });

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        Logs(events).ShouldContain(l => l.StartsWith("POST ", StringComparison.Ordinal) && l.Contains("/slack/api/chat.postMessage → 200"));
        var history = await HistoryAsync("C01ACMESAL");
        history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()).ShouldContain($"Order 42 {marker}");
    }

    [Fact]
    public async Task A_channel_Slack_does_not_know_fails_the_run_with_Slacks_error_code()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "slack", "Acme (T01ACME)");
        var actionId = await ActiveActionAsync(runs, "slack.post-message", accountId, new { channel = "C0NOSUCH", message = "Hello" });

        var (run, _) = await RunAsync(runs, actionId);

        run.GetProperty("status").GetString().ShouldBe("failed");
        run.GetProperty("error").GetString().ShouldBe("slack.postMessage failed: Slack answered 200 channel_not_found: chat.postMessage: no such channel, or the bot cannot see it.");
    }

    [Fact]
    public async Task The_channel_choices_come_from_the_connected_workspace()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "slack", "Acme (T01ACME)");
        var actionId = await ActiveActionAsync(runs, "slack.post-message", accountId, new { channel = "C01ACMEGEN", message = "x" });
        var code = """
            const { options } = await slack.channelOptions({});
            log(options.map(o => o.label).join(" "));
            """;
        var action = await runs.Actions.GetJsonAsync(actionId);
        (await runs.Actions.PutAsync(actionId, "code", new { code, version = action.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();

        var (run, events) = await RunAsync(runs, actionId);

        run.GetProperty("status").GetString().ShouldBe("succeeded", run.ToString());
        var channels = Logs(events).Last().Split(' ');
        channels.ShouldContain("#general");
        channels.ShouldContain("#sales");
        // Private channels the bot is not in, and archived ones, are no choice.
        channels.ShouldNotContain("#leadership");
        channels.ShouldNotContain("#old-project");
    }

    [Fact]
    public async Task The_options_endpoint_reads_a_dropdowns_choices_with_the_account_and_refuses_what_is_no_choices_operation()
    {
        var runs = await Workspace();
        var accountId = await ConnectOAuthAsync(platform, runs.Http, "slack", "Acme (T01ACME)");
        var cancel = TestContext.Current.CancellationToken;

        var options = await (await runs.Http.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "slack.channelOptions" }, cancel)).ReadJsonAsync();
        var byName = await runs.Http.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "channelOptions" }, cancel);
        var notChoices = await runs.Http.PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "slack.postMessage" }, cancel);
        var otherWorkspace = await (await platform.NewWorkspaceClientAsync()).PostAsJsonAsync($"/api/accounts/{accountId}/options", new { operation = "slack.channelOptions" }, cancel);

        options.GetProperty("options").EnumerateArray().ShouldContain(o => o.GetProperty("value").GetString() == "C01ACMESAL" && o.GetProperty("label").GetString() == "#sales");
        byName.StatusCode.ShouldBe(HttpStatusCode.OK);
        notChoices.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        System.Text.Json.JsonDocument.Parse(await notChoices.Content.ReadAsStringAsync(cancel)).RootElement.GetProperty("errors").GetProperty("/operation")[0].GetString()!.ShouldContain("slack.channelOptions");
        otherWorkspace.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_template_field_says_where_its_choices_come_from()
    {
        var template = await (await platform.Client.GetAsync("/api/library/templates/slack.post-message", TestContext.Current.CancellationToken)).ReadJsonAsync();

        template.GetProperty("configurationFields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "channel")
            .GetProperty("optionsFrom").GetString().ShouldBe("slack.channelOptions");
    }
}
