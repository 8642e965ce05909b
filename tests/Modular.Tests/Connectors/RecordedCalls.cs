using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;

namespace Modular.Tests.Connectors;

/// <summary>One request an operation sent: what a vendor would have received.</summary>
public sealed record RecordedRequest(string Method, Uri Url, string? Body, bool MarkedIdempotent)
{
    public JsonNode? Json => Body is null ? null : JsonNode.Parse(Body);
}

/// <summary>
/// Runs one operation of a loaded plugin against canned vendor answers, without the host's pipeline: the requests it
/// sends are recorded, so the URL escaping, the bodies and how answers are read can be checked without a simulator.
/// </summary>
public sealed class RecordedCalls(PlatformFixture platform, string connectorId) : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();

    public List<RecordedRequest> Requests { get; } = [];

    public ConnectorManifest Connector =>
        platform.Host.Services.GetRequiredService<IConnectorCatalog>().FindConnector(connectorId) ?? throw new ShouldAssertException($"'{connectorId}' is not loaded.");

    /// <summary>The next answer: a JSON body with a status.</summary>
    public RecordedCalls Answer(string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        _answers.Enqueue(() => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        return this;
    }

    /// <summary>Runs <paramref name="operationName"/> with <paramref name="input"/> (JSON) as the account <paramref name="values"/>, on <paramref name="baseUrls"/>.</summary>
    public async Task<JsonNode?> RunAsync(string operationName, string input, IReadOnlyDictionary<string, string>? values = null, IReadOnlyDictionary<string, string>? baseUrls = null)
    {
        var operation = Connector.FindOperation($"{connectorId}.{operationName}") ?? throw new ShouldAssertException($"No operation {operationName}.");
        var method = Connector.AuthMethods.First();
        var account = new ConnectedAccount("test-account", method.Kind, values ?? new Dictionary<string, string>());
        using var http = new HttpClient(this, disposeHandler: false);
        var context = new OperationContext(http, account, baseUrls ?? Connector.BaseUrls, Connector.DisplayName, Connector.Errors);
        return await operation.RunAsync(context, (JsonObject)JsonNode.Parse(input)!, TestContext.Current.CancellationToken);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var idempotent = request.Options.TryGetValue(ConnectorRequest.Idempotent, out var marked) && marked;
        Requests.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, body, idempotent));
        if (_answers.Count == 0) throw new ShouldAssertException($"Unexpected request {request.Method} {request.RequestUri}");
        return _answers.Dequeue()();
    }
}

public static class JsonAssertions
{
    /// <summary>The same JSON as <paramref name="expected"/>, whatever the escaping.</summary>
    public static void ShouldBeJson(this JsonNode? actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue($"{actual?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })} should be {expected}");
}
