using System.ComponentModel.DataAnnotations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack.Operations;

public sealed record LookupUserInput([property: Display(Name = "Email")][property: EmailAddress] string Email);

public sealed record SlackUser(string Id, string Name, string? RealName, string? Email, bool IsBot, bool Deleted);

/// <summary><c>slack.lookupUserByEmail</c>: users.lookupByEmail.</summary>
public sealed class LookupUserByEmail : Operation<LookupUserInput, SlackUser>
{
    public override string Id => "slack.lookupUserByEmail";
    public override string DisplayName => "Look up a user by email";
    public override string Description => "Finds the workspace member with this email (to mention them as <@id>).";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const user = await slack.lookupUserByEmail({ email: "ada@acme.example" }); await slack.postMessage({ channel: "#sales", text: `<@${user.id}> has a new lead` });""";
    public override string Errors => "- `users_not_found`: nobody in the workspace has this email.";

    protected override async Task<SlackUser> RunAsync(OperationContext context, LookupUserInput input, CancellationToken cancellationToken)
    {
        var user = (await Slack.ReadAsync(context, "users.lookupByEmail", cancellationToken, ("email", input.Email)))["user"];
        return new SlackUser(Slack.Text(user, "id") ?? "", Slack.Text(user, "name") ?? "", Slack.Text(user, "real_name"),
            Slack.Text(user?["profile"], "email"), Slack.Flag(user, "is_bot"), Slack.Flag(user, "deleted"));
    }
}
