using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.Runs.Domain;

namespace Modular.Runs.RunLog;

/// <summary>
/// The Runs page: every run of the workspace, newest first, narrowed by status, action, trigger and
/// the time it was queued (<c>from</c> inclusive, <c>to</c> exclusive).
/// </summary>
public static class ListRunsEndpoint
{
    private static readonly string[] Statuses = [RunStatus.Queued, RunStatus.Running, RunStatus.Succeeded, RunStatus.Failed, RunStatus.Stopped, RunStatus.Rejected];
    private static readonly string[] Triggers = ["manual", "webhook", "schedule"];

    public static void MapListRuns(this IEndpointRouteBuilder api) =>
        api.MapGet("/runs", Handle).WithName("ListRuns").WithTags("Runs").WithSummary("Every run of the workspace, newest first, with filters");

    private static async Task<Results<Ok<RunPage>, ProblemHttpResult>> Handle(
        IQuerySession session, CancellationToken cancellationToken, string? status = null, Guid? actionId = null, string? trigger = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 20)
    {
        if (Paging.Check(page, pageSize) is { } paging) return paging;
        var violations = new Violations();
        if (status is not null && !Statuses.Contains(status)) violations.Add("/status", $"status is one of {string.Join(", ", Statuses)}.");
        if (trigger is not null && !Triggers.Contains(trigger)) violations.Add("/trigger", $"trigger is one of {string.Join(", ", Triggers)}.");
        if (from > to) violations.Add("/to", "to is after from.");
        if (violations.Any) return Problems.Invalid("The runs cannot be listed so.", violations.ToDictionary());

        var query = session.Query<Run>().AsQueryable();
        if (status is not null) query = query.Where(r => r.Status == status);
        if (actionId is { } action) query = query.Where(r => r.ActionId == action);
        if (trigger is not null) query = query.Where(r => r.Trigger == trigger);
        if (from is { } start) query = query.Where(r => r.QueuedAt >= start);
        if (to is { } end) query = query.Where(r => r.QueuedAt < end);
        var runs = await query.OrderByDescending(r => r.QueuedAt).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new RunPage(runs.ToList(), runs.TotalItemCount, page, pageSize));
    }
}
