using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack.Operations;

public sealed record ListChannelsInput(
    [property: Display(Name = "Types", Description = "public_channel, private_channel, mpim, im, comma-separated.")] string Types = "public_channel,private_channel",
    [property: Display(Name = "Leave out archived channels")] bool ExcludeArchived = true,
    [property: Display(Name = "At most")][property: Range(1, 10_000)] int Max = 1_000);

public sealed record SlackChannel(string Id, string Name, bool IsPrivate, bool IsArchived, bool IsMember);

public sealed record ChannelList(IReadOnlyList<SlackChannel> Channels, bool Truncated);

/// <summary><c>slack.listChannels</c>: conversations.list, every page.</summary>
public sealed class ListChannels : Operation<ListChannelsInput, ChannelList>
{
    public override string Id => "slack.listChannels";
    public override string DisplayName => "List channels";
    public override string Description => "Lists the workspace's channels the bot can see, following Slack's cursor to the end (or `max`).";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { channels } = await slack.listChannels({ types: "public_channel" });""";

    protected override async Task<ChannelList> RunAsync(OperationContext context, ListChannelsInput input, CancellationToken cancellationToken)
    {
        var (channels, truncated) = await ReadAsync(context, input, cancellationToken);
        return new ChannelList(channels, truncated);
    }

    internal static Task<(List<SlackChannel> Items, bool Truncated)> ReadAsync(OperationContext context, ListChannelsInput input, CancellationToken cancellationToken) =>
        Paging.CollectAsync<SlackChannel>(async (cursor, ct) =>
        {
            var answer = await Slack.ReadAsync(context, "conversations.list", ct,
                ("types", input.Types), ("exclude_archived", input.ExcludeArchived ? "true" : "false"), ("limit", "200"), ("cursor", cursor));
            var channels = (answer["channels"] as JsonArray ?? []).Select(c => new SlackChannel(
                Slack.Text(c, "id") ?? "", Slack.Text(c, "name") ?? "", Slack.Flag(c, "is_private"), Slack.Flag(c, "is_archived"), Slack.Flag(c, "is_member"))).ToList();
            return new Page<SlackChannel>(channels, Slack.Text(answer["response_metadata"], "next_cursor"));
        }, input.Max, cancellationToken);
}

/// <summary><c>slack.channelOptions</c>: the channels as dropdown choices.</summary>
public sealed class ChannelOptions : Operation<NoInput, OptionList>
{
    public override string Id => "slack.channelOptions";
    public override string DisplayName => "Channel choices";
    public override string Description => "The channels the bot can post to, as choices for a dropdown.";
    public override OperationEffect Effect => OperationEffect.Read;

    protected override async Task<OptionList> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken)
    {
        var (channels, truncated) = await ListChannels.ReadAsync(context, new ListChannelsInput(Max: 1_000), cancellationToken);
        return new OptionList([.. channels.Where(c => c.IsMember || !c.IsPrivate).OrderBy(c => c.Name).Select(c => new OptionItem(c.Id, "#" + c.Name))], truncated);
    }
}
