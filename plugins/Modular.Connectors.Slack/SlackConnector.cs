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
        .Icon("""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g stroke-width="3.2" stroke-linecap="round"><path d="M9 3.5v9" stroke="#36c5f0"/><path d="M20.5 9h-9" stroke="#2eb67d"/><path d="M15 20.5v-9" stroke="#ecb22e"/><path d="M3.5 15h9" stroke="#e01e5a"/></g></svg>""")
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
