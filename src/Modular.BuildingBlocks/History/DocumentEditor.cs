using System.Text.Json.Nodes;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Wolverine.Marten;

namespace Modular.BuildingBlocks.History;

/// <summary>
/// Edits of a versioned document go through here: lock it in the caller's workspace, check the
/// version the caller read, apply the change, record what changed, and save. A concurrent edit of
/// the same version makes one of the two fail with 409; none is silently overwritten. Each saved
/// change is also audited (<see cref="Audited"/>), committed with it.
/// </summary>
public abstract class DocumentEditor<TDocument, TRecord>(IDocumentSession session, IMartenOutbox outbox, TimeProvider clock)
    where TDocument : class, IRevisioned
    where TRecord : ChangeRecord, new()
{
    protected IDocumentSession Session => session;
    protected IMartenOutbox Outbox => outbox;
    protected TimeProvider Clock => clock;

    /// <summary>"action", "agent": how problems name the document.</summary>
    protected abstract string What { get; }
    protected abstract Guid IdOf(TDocument document);
    /// <summary>The fields a user can change, as JSON, so that history can say what changed.</summary>
    public abstract JsonObject Snapshot(TDocument document);
    protected abstract void Touch(TDocument document, string actor, DateTimeOffset now);

    /// <summary>Called before a change is saved, to add what must commit with it (messages through the outbox).</summary>
    /// <param name="version">The version the change is saved as.</param>
    protected virtual Task SavingAsync(TDocument document, JsonObject before, int version) => Task.CompletedTask;

    /// <param name="change">Mutates the document, or answers a problem and changes nothing.</param>
    public async Task<Edit<TDocument>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind, Func<TDocument, Task<ProblemHttpResult?>> change, CancellationToken cancellationToken)
    {
        if (!ExpectedVersion.TryRead(http.Request, bodyVersion, out var expected, out var versionProblem))
            return new(null, versionProblem);
        var document = await session.LoadForChangeAsync<TDocument>(id, cancellationToken);
        if (document is null) return new(null, Problems.NotFound(Capitalized, id.ToString()));
        if (document.Version != expected) return new(null, ExpectedVersion.Stale(What, expected, document.Version));

        var before = Snapshot(document);
        if (await change(document) is { } refusal) return new(null, refusal);
        await SaveAsync(document, before, kind, Actor.Name(http), cancellationToken);
        http.Response.Headers.ETag = ExpectedVersion.ETag(document.Version);
        return new(document, null);
    }

    /// <summary>Saves a locked document as its next version, with a history record, if anything changed.</summary>
    public async Task SaveAsync(TDocument document, JsonObject before, string kind, string actor, CancellationToken cancellationToken)
    {
        if (await StageAsync(document, before, kind, actor) is not { } next) return;
        await session.SaveChangesAsync(cancellationToken);
        document.Version = next;
    }

    /// <summary>
    /// Adds a locked document's next version, its history record and audit to what the session
    /// commits, if anything changed: several documents changed in one transaction. Answers the version.
    /// </summary>
    public async Task<int?> StageAsync(TDocument document, JsonObject before, string kind, string actor)
    {
        var changes = ChangeRecord.Diff(before, Snapshot(document));
        if (changes.Count == 0) return null;
        var next = document.Version + 1;
        var now = clock.GetUtcNow();
        Touch(document, actor, now);
        session.UpdateRevision(document, next);
        session.Store(ChangeRecord.Create<TRecord>(IdOf(document), next, kind, actor, now, changes));
        outbox.EnrollOnce(session);
        await outbox.RecordAsync(new Audited(session.TenantId, actor, $"{What} {kind}", $"{What} {IdOf(document)}", string.Join(", ", changes.Select(c => c.Field)), now));
        await SavingAsync(document, before, next);
        return next;
    }

    /// <summary>Adds the history record of a document's first version, and its audit, to what the session commits.</summary>
    public async Task RecordCreatedAsync(TDocument document, string actor)
    {
        var now = clock.GetUtcNow();
        session.Store(ChangeRecord.Create<TRecord>(IdOf(document), 1, "created", actor, now, ChangeRecord.Diff([], Snapshot(document))));
        outbox.EnrollOnce(session);
        await outbox.RecordAsync(new Audited(session.TenantId, actor, $"{What} created", $"{What} {IdOf(document)}", null, now));
    }

    private string Capitalized => char.ToUpperInvariant(What[0]) + What[1..];
}

/// <summary>The edited document, or the problem that stopped the edit.</summary>
public sealed record Edit<TDocument>(TDocument? Document, ProblemHttpResult? Problem) where TDocument : class;
