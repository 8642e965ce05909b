using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack.Operations;

public sealed record PostMessageInput(
    [property: Display(Name = "Channel", Description = "A channel id (C…) or #name.")][property: OptionsFrom("channelOptions")] string Channel,
    [property: Display(Name = "Text")][property: LongText][property: MaxLength(40_000)] string Text,
    [property: Display(Name = "Blocks", Description = "Block Kit blocks; the text is then the notification's fallback.")] JsonArray? Blocks = null);

/// <param name="Ts">The message's timestamp: its id in the channel, and the thread to reply in.</param>
public sealed record PostedMessage(string Channel, string Ts, string Text, string? ThreadTs);

/// <summary><c>slack.postMessage</c>: chat.postMessage to a channel.</summary>
public sealed class PostMessage : Operation<PostMessageInput, PostedMessage>
{
    public override string Id => "slack.postMessage";
    public override string DisplayName => "Post a message";
    public override string Description => "Posts a message to a channel as the app's bot (chat.postMessage).";
    public override string Example => """const message = await slack.postMessage({ channel: "#sales", text: "New order " + input.id });""";
    public override string Errors => """
        - `channel_not_found`: no such channel, or a private one the bot is not in.
        - `not_in_channel`: the bot must be invited to the channel first.
        - `is_archived`, `msg_too_long`, `no_text`.
        """;

    protected override Task<PostedMessage> RunAsync(OperationContext context, PostMessageInput input, CancellationToken cancellationToken) =>
        SendAsync(context, new JsonObject { ["channel"] = input.Channel, ["text"] = input.Text, ["blocks"] = input.Blocks?.DeepClone() }, cancellationToken);

    internal static async Task<PostedMessage> SendAsync(OperationContext context, JsonObject body, CancellationToken cancellationToken)
    {
        if (body["blocks"] is null) body.Remove("blocks");
        var answer = await Slack.WriteAsync(context, "chat.postMessage", body, cancellationToken);
        return new PostedMessage(Slack.Text(answer, "channel") ?? "", Slack.Text(answer, "ts") ?? "",
            Slack.Text(answer["message"], "text") ?? body["text"]?.ToString() ?? "", Slack.Text(answer["message"], "thread_ts"));
    }
}

public sealed record ReplyInThreadInput(
    [property: Display(Name = "Channel")][property: OptionsFrom("channelOptions")] string Channel,
    [property: Display(Name = "Thread", Description = "The ts of the message to reply to.")] string ThreadTs,
    [property: Display(Name = "Text")][property: LongText][property: MaxLength(40_000)] string Text,
    [property: Display(Name = "Also send to the channel")] bool Broadcast = false);

/// <summary><c>slack.replyInThread</c>: chat.postMessage with a thread_ts.</summary>
public sealed class ReplyInThread : Operation<ReplyInThreadInput, PostedMessage>
{
    public override string Id => "slack.replyInThread";
    public override string DisplayName => "Reply in a thread";
    public override string Description => "Replies to a message, in its thread (optionally also shown in the channel).";
    public override string Example => """await slack.replyInThread({ channel: message.channel, threadTs: message.ts, text: "Done." });""";
    public override string Errors => "- `thread_not_found`, `channel_not_found`, `not_in_channel`.";

    protected override Task<PostedMessage> RunAsync(OperationContext context, ReplyInThreadInput input, CancellationToken cancellationToken) =>
        PostMessage.SendAsync(context, new JsonObject
        {
            ["channel"] = input.Channel,
            ["text"] = input.Text,
            ["thread_ts"] = input.ThreadTs,
            ["reply_broadcast"] = input.Broadcast,
        }, cancellationToken);
}
