using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes;

/// <summary>
/// Pipefy's GraphQL endpoint: one POST of <c>{query, variables}</c>. Queries may be sent twice (the host retries them after a 5xx);
/// mutations are not. A GraphQL error comes in a 200 answer, and becomes a failed call naming its <c>extensions.code</c>.
/// </summary>
internal static class PipesGraphQL
{
    public const string BaseUrl = "graphql";

    /// <summary>The answer's <c>data</c>, or a <see cref="ConnectorCallException"/> naming the first GraphQL error.</summary>
    public static Task<JsonObject> QueryAsync(OperationContext context, string query, JsonObject? variables, CancellationToken cancellationToken) =>
        SendAsync(context, query, variables, idempotent: true, cancellationToken);

    public static Task<JsonObject> MutateAsync(OperationContext context, string mutation, JsonObject? variables, CancellationToken cancellationToken) =>
        SendAsync(context, mutation, variables, idempotent: false, cancellationToken);

    private static async Task<JsonObject> SendAsync(OperationContext context, string document, JsonObject? variables, bool idempotent, CancellationToken cancellationToken)
    {
        var (data, error) = await TrySendAsync(context, document, variables, idempotent, cancellationToken);
        return error is null ? data! : throw new ConnectorCallException(context.ConnectorName, 200, error.Code, error.Message);
    }

    /// <summary>The answer's <c>data</c>, or the GraphQL error it carries instead; an HTTP error status still throws.</summary>
    public static async Task<(JsonObject? Data, VendorError? Error)> TrySendAsync(
        OperationContext context, string document, JsonObject? variables, bool idempotent, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["query"] = document, ["variables"] = variables ?? [] };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(context.BaseUrl(BaseUrl)))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (idempotent) request.AsIdempotent();
        var answer = await context.SendAsync(request, cancellationToken);
        if (answer?["errors"] is JsonArray { Count: > 0 } && VendorErrorReader.Default.Read(200, answer) is { } error) return (null, error);
        return answer?["data"] is JsonObject data ? (data, null) : (null, new VendorError(null, "the answer has no data."));
    }

    /// <summary>The mutation's payload, or a failure when the mutation answered null (Pipefy's way of saying it did nothing).</summary>
    public static JsonObject Payload(JsonObject data, string mutation) =>
        data[mutation] as JsonObject ?? throw new ConnectorCallException($"Pipes answered {mutation} with nothing: the change was not made.");

    /// <summary>Field values as Pipefy's <c>fields_attributes</c>: <c>[{field_id, field_value}]</c>.</summary>
    public static JsonArray FieldsAttributes(IReadOnlyDictionary<string, JsonNode?>? fields) =>
        new([.. (fields ?? new Dictionary<string, JsonNode?>()).Select(f => (JsonNode?)new JsonObject { ["field_id"] = f.Key, ["field_value"] = f.Value?.DeepClone() })]);

    public static string? Text(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value
            ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
            : null;

    /// <summary>Whether a Relay connection says it has a further page.</summary>
    public static bool HasNextPage(JsonNode? connection) =>
        connection?["pageInfo"]?["hasNextPage"] is JsonValue more && more.TryGetValue<bool>(out var yes) && yes;

    /// <summary>The nodes of a Relay connection (<c>edges[].node</c>), or the items of a plain list.</summary>
    public static IEnumerable<JsonObject> Nodes(JsonNode? connection) => connection switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject { } relay when relay["edges"] is JsonArray edges => edges.Select(e => e?["node"]).OfType<JsonObject>(),
        JsonObject { } relay when relay["nodes"] is JsonArray nodes => nodes.OfType<JsonObject>(),
        _ => [],
    };
}
