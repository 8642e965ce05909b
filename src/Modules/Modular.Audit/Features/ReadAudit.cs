using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Audit.Features;

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, long Total, int Page, int PageSize);

public sealed record AuditEntryView(Guid Id, DateTimeOffset At, string Actor, string What, string? Subject, string? Detail)
{
    public static AuditEntryView From(AuditEntry entry) => new(entry.Id, entry.At, entry.Actor, entry.What, entry.Subject, entry.Detail);
}

public static class ReadAuditEndpoint
{
    public static void MapReadAudit(this IEndpointRouteBuilder audit) =>
        audit.MapGet("/", Handle).WithName("ReadAudit")
            .WithSummary("Who did what and when in this workspace, newest first (who: part of the actor; what: the start of the kind, such as \"member\")")
            .RequireRole(WorkspaceRole.Admin);

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Handle(
        WorkspaceContext workspace, IDocumentStore store, CancellationToken cancellationToken,
        string? who = null, string? what = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 50)
    {
        if (Paging.Check(page, pageSize) is { } paging) return paging;
        if (who is { Length: > 200 } || what is { Length: > 200 }) return Problems.BadRequest("who and what are limited to 200 characters.");
        if (from > to) return Problems.BadRequest("from must not be after to.");

        await using var session = store.QuerySession();
        var query = session.Query<AuditEntry>().Where(e => e.WorkspaceId == workspace.Id);
        if (!string.IsNullOrWhiteSpace(who)) query = query.Where(e => e.Actor.Contains(who.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(what)) query = query.Where(e => e.What.StartsWith(what.Trim(), StringComparison.OrdinalIgnoreCase));
        if (from is { } since) query = query.Where(e => e.At >= since);
        if (to is { } until) query = query.Where(e => e.At <= until);
        var entries = await query.OrderByDescending(e => e.At).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new AuditPage(entries.Select(AuditEntryView.From).ToList(), entries.TotalItemCount, page, pageSize));
    }
}
