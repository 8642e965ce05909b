using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Runs.Domain;
using Modular.Runs.Queueing;

namespace Modular.Runs.ManualRuns;

public sealed record RunAccepted(Guid RunId, string Status);

/// <summary>"Run" on the action: starts a run now, with an optional JSON body as its input.</summary>
public static class StartManualRunEndpoint
{
    public static void MapStartManualRun(this IEndpointRouteBuilder api) =>
        api.MapPost("/actions/{actionId:guid}/runs", Handle).WithName("StartManualRun").WithTags("Runs").WithSummary("Run an action now");

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> Handle(
        Guid actionId, HttpContext http, RunStarter starter, WorkspaceContext workspace, CancellationToken cancellationToken)
    {
        var input = await RequestInput.ReadAsync(http.Request, cancellationToken);
        if (input.Problem is not null) return input.Problem;

        return await starter.StartAsync(workspace.Id, actionId, "manual", input.Value, Actor.Name(http), cancellationToken) switch
        {
            StartResult.Queued queued => TypedResults.Accepted($"/api/runs/{queued.RunId}", new RunAccepted(queued.RunId, "queued")),
            StartResult.Rejected rejected => Problems.Conflict(rejected.Reason, rejected.RunId is { } runId ? new Dictionary<string, object?> { ["runId"] = runId } : null),
            _ => Problems.NotFound("Action", actionId.ToString()),
        };
    }
}

/// <summary>A trigger's body as the run's input: JSON, a form, or nothing.</summary>
public static class RequestInput
{
    public const long MaxBytes = 1024 * 1024;

    public sealed record Result(JsonNode? Value, ProblemHttpResult? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes) return TooLarge();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return new(new JsonObject(form.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value.ToString()))), null);
        }
        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxBytes) return TooLarge();
        var text = new string(buffer, 0, read);
        if (string.IsNullOrWhiteSpace(text)) return new(null, null);
        try
        {
            return new(JsonNode.Parse(text), null);
        }
        catch (System.Text.Json.JsonException error)
        {
            return new(null, Problems.BadRequest($"The body is not valid JSON: {error.Message}"));
        }
    }

    private static Result TooLarge() =>
        new(null, TypedResults.Problem(title: "Payload too large", detail: $"The body is limited to {MaxBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge));
}
