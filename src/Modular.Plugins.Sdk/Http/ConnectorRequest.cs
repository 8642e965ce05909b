namespace Modular.Plugins.Sdk;

/// <summary>What an operation may tell the host's HTTP pipeline about one request.</summary>
public static class ConnectorRequest
{
    /// <summary>
    /// Set on a request that may be sent twice with the same effect as once (a GraphQL query sent by POST):
    /// the host then retries it after a 5xx or a lost connection too. GET, HEAD, PUT, DELETE and OPTIONS are
    /// idempotent already; a 429 is retried for every method, since the vendor did nothing with the request.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("Modular.Connectors.Idempotent");

    public static HttpRequestMessage AsIdempotent(this HttpRequestMessage request)
    {
        request.Options.Set(Idempotent, true);
        return request;
    }
}

/// <summary>
/// A vendor's rate limit the host keeps to for each account (HubSpot's 100 requests per 10 seconds, Slack's
/// method tiers): a call past it waits for a permit instead of drawing a 429.
/// </summary>
/// <param name="PathContains">Only requests whose path contains this (a Slack method, HubSpot's search); every request when null.</param>
public sealed record RateLimit(int Permits, TimeSpan Window, string? PathContains = null);
