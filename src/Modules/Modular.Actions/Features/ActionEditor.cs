using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.History;
using Wolverine.Marten;

namespace Modular.Actions.Features;

/// <summary>Every edit of an action goes through here; see <see cref="DocumentEditor{TDocument,TRecord}"/>.</summary>
public sealed class ActionEditor(IDocumentSession session, IMartenOutbox outbox, IConnectorCatalog catalog, TimeProvider clock)
    : DocumentEditor<ActionDefinition, ActionChange>(session, outbox, clock)
{
    protected override string What => "action";
    protected override Guid IdOf(ActionDefinition action) => action.Id;
    protected override void Touch(ActionDefinition action, string actor, DateTimeOffset now) => action.Touch(actor, now);

    public override JsonObject Snapshot(ActionDefinition action) => new()
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

    /// <param name="change">Mutates the action (given with its template, null when no longer installed), or answers a problem.</param>
    public Task<Results<Ok<ActionView>, ProblemHttpResult>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind,
        Func<ActionDefinition, CatalogTemplate?, ProblemHttpResult?> change, CancellationToken cancellationToken) =>
        EditAsync(id, http, bodyVersion, kind, (action, entry) => Task.FromResult(change(action, entry)), cancellationToken);

    public async Task<Results<Ok<ActionView>, ProblemHttpResult>> EditAsync(
        Guid id, HttpContext http, int? bodyVersion, string kind,
        Func<ActionDefinition, CatalogTemplate?, Task<ProblemHttpResult?>> change, CancellationToken cancellationToken)
    {
        var edit = await EditAsync(id, http, bodyVersion, kind, action => change(action, catalog.FindTemplate(action.TemplateId)), cancellationToken);
        return edit.Problem is { } problem ? problem : TypedResults.Ok(ActionView.From(edit.Document!, catalog));
    }
}
