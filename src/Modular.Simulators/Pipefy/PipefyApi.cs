using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.Pipefy;

/// <summary>
/// Pipefy's GraphQL endpoint, as api.pipefy.com/graphql under <c>/pipefy/graphql</c>. A bearer token selects the
/// organisation; every GraphQL outcome, errors included, is HTTP 200 with <c>data</c> and <c>errors</c>.
/// </summary>
internal static class PipefyApi
{
    public static void Map(IEndpointRouteBuilder app) => app.MapMethods("/pipefy/graphql", ["GET", "POST"], Handle);

    private static async Task Handle(HttpContext http, PipefyStore store, PipefyGraph graph, PipefyWebhooks webhooks)
    {
        var cancel = http.RequestAborted;
        if (store.ForToken(Fields.Bearer(http.Request)) is not { } organization)
        {
            await PipefyFaults.WriteAsync(http.Response, StatusCodes.Status401Unauthorized);
            return;
        }
        GraphQLRequest? request;
        try
        {
            request = HttpMethods.IsGet(http.Request.Method)
                ? new GraphQLRequest
                {
                    Query = http.Request.Query["query"],
                    OperationName = http.Request.Query["operationName"],
                    Variables = graph.Serializer.Deserialize<Inputs>(http.Request.Query["variables"].FirstOrDefault() ?? "null"),
                }
                : await graph.Serializer.ReadAsync<GraphQLRequest>(http.Request.Body, cancel);
        }
        catch (JsonException)
        {
            await PipefyFaults.WriteAsync(http.Response, StatusCodes.Status400BadRequest, "The request body is not a GraphQL request in JSON");
            return;
        }
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await PipefyFaults.WriteAsync(http.Response, StatusCodes.Status400BadRequest, "No query string was present");
            return;
        }

        var context = new PipefyRequest(store, organization, store.Now);
        string body;
        // One request at a time per organisation; the answer is serialized before another may change what it shows.
        await organization.Gate.WaitAsync(cancel);
        try
        {
            var result = await graph.Executer.ExecuteAsync(options =>
            {
                options.Schema = graph.Schema.Schema;
                options.Query = request.Query;
                options.OperationName = request.OperationName;
                options.Variables = request.Variables;
                options.UserContext = context;
                options.CancellationToken = cancel;
            });
            body = graph.Serializer.Serialize(result);
        }
        finally
        {
            organization.Gate.Release();
        }
        webhooks.Send(context.Deliveries);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body, cancel);
    }
}

/// <summary>The schema, executer and serializer, built once: building the schema is the costly part.</summary>
internal sealed class PipefyGraph
{
    public PipefySchema Schema { get; } = new();
    public IDocumentExecuter Executer { get; } = new DocumentExecuter();
    public GraphQLSerializer Serializer { get; } = new(options => options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, new PipefyErrorInfoProvider());
}

/// <summary>
/// Delivers Pipefy webhooks: a POST of the documented payload to each subscribed URL, fire-and-forget with a short
/// timeout, after the request that caused it has been answered. A failed delivery is dropped (Pipefy's retries are
/// not simulated).
/// </summary>
internal sealed class PipefyWebhooks(ILogger<PipefyWebhooks> logger) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Send(IEnumerable<(PipefyWebhook Webhook, object Payload)> deliveries)
    {
        foreach (var (webhook, payload) in deliveries)
            if (Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                _ = DeliverAsync(webhook, url, payload);
    }

    private async Task DeliverAsync(PipefyWebhook webhook, Uri url, object payload)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload) };
            foreach (var (name, value) in Headers(webhook.Headers)) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await _http.SendAsync(request);
            logger.LogDebug("Pipefy webhook {Id} to {Url}: {Status}", webhook.Id, url, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException)
        {
            logger.LogDebug("Pipefy webhook {Id} to {Url} failed: {Error}", webhook.Id, url, e.Message);
        }
    }

    /// <summary>The webhook's own headers: a JSON object of names to values, sent as an object or as its JSON text.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Headers(object? headers)
    {
        if (headers is string text)
        {
            try
            {
                headers = JsonSerializer.Deserialize<Dictionary<string, object?>>(text);
            }
            catch (JsonException)
            {
                return [];
            }
        }
        return headers is IDictionary<string, object?> map
            ? map.Where(h => h.Value is not null).Select(h => KeyValuePair.Create(h.Key, h.Value!.ToString() ?? ""))
            : [];
    }

    public void Dispose() => _http.Dispose();
}
