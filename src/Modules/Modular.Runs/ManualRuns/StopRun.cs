using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Wolverine.Marten;
using Modular.Runs.Domain;
using Modular.Runs.Execution;

namespace Modular.Runs.ManualRuns;

/// <summary>
/// The stop control: whatever started the run, it ends where it is, as "stopped", and makes no
/// further call to a connected system. The request is stored (a queued run is stopped when it is
/// picked up) and signalled to every node (the one running it cancels its script at once).
/// </summary>
public static class StopRunEndpoint
{
    public static void MapStopRun(this IEndpointRouteBuilder api) =>
        api.MapPost("/runs/{runId:guid}/stop", Handle).WithName("StopRun").WithTags("Runs").WithSummary("Stop a running or queued run");

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> Handle(
        Guid runId, HttpContext http, IDocumentSession session, IMartenOutbox outbox, RunStops stops, TimeProvider clock, CancellationToken cancellationToken)
    {
        var run = await session.LoadAsync<Run>(runId, cancellationToken);
        if (run is null) return Problems.NotFound("Run", runId.ToString());
        if (RunStatus.IsEnded(run.Status))
            return Problems.Conflict($"The run already ended ({run.Status}); there is nothing to stop.", new Dictionary<string, object?> { ["runStatus"] = run.Status });

        var by = Actor.Name(http);
        session.Store(new RunStopRequest { Id = runId, By = by, At = clock.GetUtcNow() });
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(session.TenantId, by, "run stopped", $"run {runId}", $"action {run.ActionId}", clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        await stops.RequestAsync(runId, by, cancellationToken);
        return TypedResults.Accepted($"/api/runs/{runId}", new RunAccepted(runId, "stopping"));
    }
}
