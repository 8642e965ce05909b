using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack;

/// <summary>
/// Slack's OAuth v2 app install: the consent page on slack.com/oauth/v2/authorize (bot scopes joined with commas),
/// the code exchanged at slack.com/api/oauth.v2.access with no grant_type, an answer that says <c>ok</c> instead of an
/// HTTP status, the workspace read with auth.test, and auth.revoke on disconnect.
/// </summary>
public sealed class SlackOAuth : OAuth2Provider
{
    public const string BaseUrl = "slack";

    public override Uri AuthorizeUrl(IReadOnlyDictionary<string, string> baseUrls) => Slack.Url(baseUrls[BaseUrl], "oauth/v2/authorize");

    public override Uri TokenUrl(IReadOnlyDictionary<string, string> baseUrls) => Slack.Url(baseUrls[BaseUrl], "api/oauth.v2.access");

    public override IReadOnlyList<string> Scopes => ["chat:write", "channels:read", "groups:read", "channels:history", "users:read", "users:read.email"];

    public override string ScopeSeparator => ",";

    public override bool SendsGrantTypeWithCode => false;

    public override OAuth2TokenAnswer ReadTokenAnswer(JsonObject answer) =>
        answer["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var fine) && !fine
            ? new OAuth2TokenAnswer(null, OAuth2TokenAnswer.Text(answer, "error") ?? "invalid_response")
            : OAuth2TokenAnswer.Standard(answer);

    public override async Task<OAuth2Identity> IdentifyAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken)
    {
        var answer = await Slack.PostFormAsync(http, baseUrls[BaseUrl], "auth.test", tokens.AccessToken, [], cancellationToken);
        var teamId = OAuth2TokenAnswer.Text(answer, "team_id") ?? throw new InvalidOperationException("Slack's auth.test answer has no team_id.");
        var team = OAuth2TokenAnswer.Text(answer, "team");
        return new OAuth2Identity(teamId, team is { Length: > 0 } ? $"{team} ({teamId})" : teamId);
    }

    public override async Task RevokeAsync(HttpClient http, IReadOnlyDictionary<string, string> baseUrls, OAuth2Tokens tokens, CancellationToken cancellationToken) =>
        await Slack.PostFormAsync(http, baseUrls[BaseUrl], "auth.revoke", tokens.AccessToken, [], cancellationToken);
}
