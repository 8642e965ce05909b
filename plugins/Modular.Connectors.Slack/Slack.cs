using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Slack;

/// <summary>
/// Slack's Web API: every method at slack.com/api/{method}. Slack answers 200 whatever went wrong, with
/// <c>{"ok": false, "error": "channel_not_found"}</c>; such an answer becomes a failure naming Slack's error code.
/// Read methods are sent as GET (the host may retry them), writes as JSON POSTs.
/// </summary>
internal static class Slack
{
    public static Uri Url(string baseUrl, string path) => new(new Uri(baseUrl.TrimEnd('/') + "/"), path);

    public static async Task<JsonObject> ReadAsync(OperationContext context, string method, CancellationToken cancellationToken, params (string, string?)[] query)
    {
        context.RequireAccount();
        return Check(method, await context.GetJsonAsync(context.Url(SlackOAuth.BaseUrl, "api/" + method, query), cancellationToken));
    }

    public static async Task<JsonObject> WriteAsync(OperationContext context, string method, JsonObject body, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        return Check(method, await context.SendJsonAsync(HttpMethod.Post, context.Url(SlackOAuth.BaseUrl, "api/" + method), body, cancellationToken));
    }

    /// <summary>For the sign-in itself, before there is an account: the token is given, in the Authorization header.</summary>
    public static async Task<JsonObject> PostFormAsync(HttpClient http, string baseUrl, string method, string token, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(baseUrl, "api/" + method)) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return Check(method, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)));
    }

    private static JsonObject Check(string method, JsonNode? answer)
    {
        if (answer is not JsonObject obj) throw new ConnectorCallException($"Slack answered {method} without a JSON object.");
        if (obj["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var fine) && fine) return obj;
        var error = OAuth2TokenAnswer.Text(obj, "error") ?? "unknown_error";
        var needed = OAuth2TokenAnswer.Text(obj, "needed");
        throw new ConnectorCallException("Slack", 200, error, Explain(method, error) + (needed is null ? "" : $" (needs the scope {needed}: reconnect the account)"));
    }

    private static string Explain(string method, string error) => error switch
    {
        "channel_not_found" => $"{method}: no such channel, or the bot cannot see it.",
        "not_in_channel" => $"{method}: the bot is not a member of this channel; invite it first.",
        "is_archived" => $"{method}: the channel is archived.",
        "no_text" => $"{method}: the message has no text.",
        "msg_too_long" => $"{method}: the message is longer than Slack allows.",
        "users_not_found" => $"{method}: no user has this email.",
        "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive" => $"{method}: Slack refused the account's token; reconnect the account.",
        "missing_scope" => $"{method}: the account was connected without a scope this needs.",
        "ratelimited" => $"{method}: Slack's rate limit was reached.",
        _ => $"{method} failed.",
    };

    internal static string? Text(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    internal static bool Flag(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
