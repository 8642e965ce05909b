using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;

namespace Modular.Actions.Features;

/// <summary>The intent page of an existing action ("Edit action intent"); the configuration is kept.</summary>
public sealed record UpdateActionIntentRequest(string? Name, string? Intent, JsonObject? IntentFields, string? AccountId, int? Version);

public static class UpdateActionIntentEndpoint
{
    public static void MapUpdateActionIntent(this IEndpointRouteBuilder actions) =>
        actions.MapPut("/{id:guid}/intent", Handle).WithName("UpdateActionIntent").WithSummary("Change name, intent, intent fields and account");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, UpdateActionIntentRequest request, HttpContext http, ActionEditor editor, IMessageBus bus, IDocumentSession session,
        WorkspaceContext workspace, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "intent", async (action, entry) =>
        {
            if (entry is null) return TemplateGone(action);
            var violations = new Violations();
            var intentFields = request.IntentFields ?? [];
            ActionRules.CheckIntent(request.Name, request.Intent, intentFields, entry.Template, violations);
            if (request.AccountId != action.AccountId)
                await AccountCheck.VerifyAsync(bus, session, workspace.Id, request.AccountId, action.ConnectorId, violations, cancellationToken);
            if (violations.Any) return Problems.Invalid("The intent cannot be saved.", violations.ToDictionary());

            action.Name = request.Name!.Trim();
            action.Intent = request.Intent!.Trim();
            action.IntentFields = intentFields;
            action.AccountId = request.AccountId;
            ActionRules.Regenerate(action, entry.Template);
            return null;
        }, cancellationToken);

    internal static ProblemHttpResult TemplateGone(ActionDefinition action) =>
        Problems.Conflict($"The template '{action.TemplateId}' is no longer installed, so this action's settings cannot be changed. Reinstall its plugin first.");
}
