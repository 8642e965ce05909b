using Modular.Connectors.Slack.Operations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack;

/// <summary>Slack: a workspace connected through Slack's app install; the bot posts and reads what its scopes allow.</summary>
public sealed class SlackConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("slack")
        .DisplayName("Slack")
        .Description("Slack: post messages and replies, list channels and find people in a Slack workspace.")
        .Category("Messaging")
        .Icon("💬")
        .BaseUrl(SlackOAuth.BaseUrl, "https://slack.com")
        .Auth(ConnectorAuth.OAuth("Slack workspace", new SlackOAuth()))
        // Slack's method tiers (per workspace and app): postMessage about one a second, conversations.list Tier 2, lookups Tier 3.
        .RateLimit(new RateLimit(60, TimeSpan.FromMinutes(1), "/chat.postMessage"))
        .RateLimit(new RateLimit(20, TimeSpan.FromMinutes(1), "/conversations.list"))
        .RateLimit(new RateLimit(50, TimeSpan.FromMinutes(1), "/users.lookupByEmail"))
        .Operation(new PostMessage())
        .Operation(new ReplyInThread())
        .Operation(new ListChannels())
        .Operation(new ChannelOptions())
        .Operation(new LookupUserByEmail())
        .Template(SlackTemplates.PostMessage)
        .Template(SlackTemplates.NotifyOnWebhook);
}
