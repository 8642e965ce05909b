using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.Runs.Domain;
using Modular.Runs.Execution;
using Modular.Runs.Queueing;

namespace Modular.Runs.RunLog;

/// <summary>
/// The live log: a run's events as Server-Sent Events, from the start or after the Last-Event-ID a
/// reconnecting client saw, following new events until the run ends. The script's code is not sent.
/// </summary>
public static class StreamRunEventsEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapStreamRunEvents(this IEndpointRouteBuilder api) =>
        api.MapGet("/runs/{runId:guid}/events", Handle).WithName("StreamRunEvents").WithTags("Runs")
            .WithSummary("A run's events, live (text/event-stream; honours Last-Event-ID)");

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Handle(
        Guid runId, HttpContext http, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Run>(runId, cancellationToken) is null) return Problems.NotFound("Run", runId.ToString());
        var lastSeen = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var header) ? header : 0;

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.Body.FlushAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = await session.Events.FetchStreamAsync(runId, fromVersion: lastSeen + 1, token: cancellationToken);
                var ended = false;
                foreach (var e in events)
                {
                    var name = e.EventType.Name;
                    var data = JsonSerializer.Serialize(new { type = name, version = e.Version, data = Shown(e.Data) }, Json);
                    await http.Response.WriteAsync($"id: {e.Version}\nevent: {name}\ndata: {data}\n\n", cancellationToken);
                    lastSeen = e.Version;
                    ended |= e.Data is RunSucceeded or RunFailed or RunStopped or RunRejected;
                }
                await http.Response.Body.FlushAsync(cancellationToken);
                if (ended) break;
                await Task.Delay(RunRecorder.FlushInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; it resumes with Last-Event-ID.
        }
        return TypedResults.Empty;
    }

    /// <summary>What the browser is sent of an event: the queued run's snapshot of the action's code stays on the server.</summary>
    private static object Shown(object data) => data is RunQueued queued
        ? new { queued.ActionId, queued.ActionName, queued.Trigger, queued.Input, queued.By, queued.At, queued.ConnectorId, queued.AccountId }
        : data;
}
