using System.Text.Json.Nodes;
using JasperFx;
using Marten;
using Modular.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>
/// Every edit of an action goes through here: load it in the caller's workspace, check the version
/// the caller read, apply the change, record what changed, and save under optimistic concurrency
/// (a racing write makes one of the two fail with 409, never overwrite).
/// </summary>
public sealed class ActionEditor(IDocumentSession session, IConnectorCatalog catalog, TimeProvider clock)
{
    /// <param name="change">Mutates the action, or answers a problem and changes nothing.</param>
    public Task<Results<Ok<ActionView>, ProblemHttpResult>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind,
        Func<ActionDefinition, CatalogTemplate?, ProblemHttpResult?> change, CancellationToken cancellationToken) =>
        EditAsync(id, http, bodyVersion, kind, (action, entry) => Task.FromResult(change(action, entry)), cancellationToken);

    public async Task<Results<Ok<ActionView>, ProblemHttpResult>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind,
        Func<ActionDefinition, CatalogTemplate?, Task<ProblemHttpResult?>> change, CancellationToken cancellationToken)
    {
        if (!ExpectedVersion.TryRead(http.Request, bodyVersion, out var expected, out var versionProblem))
            return versionProblem!;
        var action = await session.LoadForChangeAsync<ActionDefinition>(id, cancellationToken);
        if (action is null) return Problems.NotFound("Action", id.ToString());
        if (action.Version != expected) return ExpectedVersion.Stale("action", expected, action.Version);

        var before = Snapshot(action);
        if (await change(action, catalog.FindTemplate(action.TemplateId)) is { } refusal) return refusal;
        var changes = Diff(before, Snapshot(action));
        if (changes.Count > 0)
        {
            var actor = Actor.Name(http);
            action.Touch(actor, clock.GetUtcNow());
            session.UpdateRevision(action, expected + 1);
            session.Store(Record(action, expected + 1, kind, actor, changes));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (ConcurrencyException)
            {
                return ExpectedVersion.Stale("action", expected, expected + 1);
            }
            action.Version = expected + 1;
        }

        http.Response.Headers.ETag = ExpectedVersion.ETag(action.Version);
        return TypedResults.Ok(ActionView.From(action, catalog));
    }

    public ActionChange Record(ActionDefinition action, int version, string kind, string actor, List<FieldChange> changes) => new()
    {
        Id = Guid.CreateVersion7(),
        ActionId = action.Id,
        Version = version,
        Kind = kind,
        At = clock.GetUtcNow(),
        By = actor,
        Changes = changes,
    };

    /// <summary>The fields a user can change, as JSON, so that history can say what changed.</summary>
    public static JsonObject Snapshot(ActionDefinition action) => new()
    {
        ["name"] = action.Name,
        ["intent"] = action.Intent,
        ["intentFields"] = action.IntentFields.DeepClone(),
        ["accountId"] = action.AccountId,
        ["configuration"] = action.Configuration.DeepClone(),
        ["description"] = action.Description,
        ["code"] = action.Code,
        ["state"] = ActionView.StateName(action.State),
    };

    public static List<FieldChange> Diff(JsonObject before, JsonObject after) =>
        after.Where(field => !JsonNode.DeepEquals(before[field.Key], field.Value))
            .Select(field => new FieldChange(field.Key, before[field.Key]?.DeepClone(), field.Value?.DeepClone()))
            .ToList();
}
