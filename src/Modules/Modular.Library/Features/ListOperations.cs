using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.Plugins.Sdk;

namespace Modular.Library.Features;

/// <summary>What a script may call: every connector's operations, and one operation's doc page (for authors and the AI chat).</summary>
public static class ListOperationsEndpoint
{
    public static void MapListOperations(this IEndpointRouteBuilder library)
    {
        library.MapGet("/operations", List).WithName("ListOperations").WithSummary("The connectors' operations, one connector's when it is named");
        library.MapGet("/operations/{operationId}", Get).WithName("GetOperation").WithSummary("One operation with its input and output schemas and its markdown doc page");
    }

    private static Results<Ok<IReadOnlyList<OperationSummary>>, ProblemHttpResult> List(IConnectorCatalog catalog, string? connectorId = null)
    {
        if (connectorId is not null && catalog.FindConnector(connectorId) is null) return Problems.NotFound("Connector", connectorId);
        IReadOnlyList<OperationSummary> operations = [.. catalog.Connectors
            .Where(c => connectorId is null || c.Id == connectorId)
            .SelectMany(c => c.Operations.Select(o => OperationSummary.From(c, o)))];
        return TypedResults.Ok(operations);
    }

    private static Results<Ok<OperationView>, ProblemHttpResult> Get(string operationId, IConnectorCatalog catalog) =>
        catalog.Connectors.Select(c => (Connector: c, Operation: c.FindOperation(operationId))).FirstOrDefault(found => found.Operation is not null) is { Operation: { } operation } match
            ? TypedResults.Ok(new OperationView(OperationSummary.From(match.Connector, operation), operation.InputSchema, operation.OutputSchema, operation.Documentation))
            : Problems.NotFound("Operation", operationId);
}

/// <param name="Call">How a script calls it, e.g. <c>google_sheets.appendRows</c>.</param>
/// <param name="Effect">read: it only reads the connected system; write: it also changes it.</param>
public sealed record OperationSummary(string Id, string ConnectorId, string Call, string DisplayName, string Description, string Effect)
{
    public static OperationSummary From(ConnectorManifest connector, ConnectorOperation operation) =>
        new(operation.Id, connector.Id, $"{connector.ScriptName}.{operation.Name}", operation.DisplayName, operation.Description,
            operation.Effect == OperationEffect.Read ? "read" : "write");
}

/// <param name="Documentation">Markdown: inputs, output, errors and an example.</param>
public sealed record OperationView(OperationSummary Operation, JsonObject InputSchema, JsonObject OutputSchema, string Documentation);
