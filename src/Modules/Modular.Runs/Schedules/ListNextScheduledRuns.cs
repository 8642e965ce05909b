using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;

namespace Modular.Runs.Schedules;

public sealed record ScheduledRun(Guid ActionId, DateTimeOffset At);

/// <summary>What the workspace's schedules start next, soonest first: the console's home page shows it.</summary>
public static class ListNextScheduledRunsEndpoint
{
    public const int MaxTake = 50;

    public static void MapListNextScheduledRuns(this IEndpointRouteBuilder api) =>
        api.MapGet("/schedules/next", Handle).WithName("ListNextScheduledRuns").WithTags("Runs").WithSummary("The next runs the workspace's schedules start, soonest first");

    private static async Task<Results<Ok<IReadOnlyList<ScheduledRun>>, ProblemHttpResult>> Handle(IQuerySession session, CancellationToken cancellationToken, int take = 5)
    {
        if (take is < 1 or > MaxTake)
            return Problems.Invalid("The schedules cannot be listed so.", new Dictionary<string, string[]> { ["/take"] = [$"take is 1 to {MaxTake}."] });
        var next = await session.Query<ActionSchedule>()
            .Where(s => s.Enabled && s.NextFireAt != null)
            .OrderBy(s => s.NextFireAt)
            .Take(take)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ScheduledRun>>([.. next.Select(s => new ScheduledRun(s.Id, s.NextFireAt!.Value))]);
    }
}
