using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.Runs.Domain;

namespace Modular.Runs.RunLog;

public sealed record RunPage(IReadOnlyList<Run> Items, long Total, int Page, int PageSize);

/// <summary>The runs list of an action, a run, and the documents it produced.</summary>
public static class ViewRunsEndpoints
{
    public static void MapViewRuns(this IEndpointRouteBuilder api)
    {
        api.MapGet("/actions/{actionId:guid}/runs", List).WithName("ListActionRuns").WithTags("Runs").WithSummary("An action's runs, newest first");
        api.MapGet("/runs/{runId:guid}", Get).WithName("GetRun").WithTags("Runs").WithSummary("A run with its status, steps and documents");
        api.MapGet("/runs/{runId:guid}/documents/{documentId:guid}", Document).WithName("GetRunDocument").WithTags("Runs").WithSummary("Download a document a run produced");
    }

    private static async Task<Results<Ok<RunPage>, ProblemHttpResult>> List(
        Guid actionId, IQuerySession session, CancellationToken cancellationToken, string? status = null, int page = 1, int pageSize = 20)
    {
        if (Paging.Check(page, pageSize) is { } paging) return paging;
        var query = session.Query<Run>().Where(r => r.ActionId == actionId);
        if (!string.IsNullOrWhiteSpace(status)) query = query.Where(r => r.Status == status);
        var runs = await query.OrderByDescending(r => r.QueuedAt).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(new RunPage(runs.ToList(), runs.TotalItemCount, page, pageSize));
    }

    private static async Task<Results<Ok<Run>, ProblemHttpResult>> Get(Guid runId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Run>(runId, cancellationToken) is { } run ? TypedResults.Ok(run) : Problems.NotFound("Run", runId.ToString());

    /// <summary>
    /// A script wrote the document: it is served as a download, sandboxed (no script, no same-origin
    /// access even if a browser opened it), not sniffed, and as its media type only when that is on
    /// <see cref="DocumentMediaTypes"/>' lists (otherwise as application/octet-stream). The console
    /// shows images with an img element and PDF with PDF.js, neither of which runs the document's script.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Document(
        Guid runId, Guid documentId, HttpContext http, IQuerySession session, CancellationToken cancellationToken)
    {
        var document = await session.LoadAsync<RunDocument>(documentId, cancellationToken);
        if (document is null || document.RunId != runId) return Problems.NotFound("Document", documentId.ToString());
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var name = new string([.. document.Name.Select(c => char.IsControl(c) ? '_' : c)]);
        var binary = document.Bytes is not null;
        return TypedResults.File(document.Bytes ?? System.Text.Encoding.UTF8.GetBytes(document.Content), DocumentMediaTypes.Normalize(document.MediaType, binary), name);
    }
}
