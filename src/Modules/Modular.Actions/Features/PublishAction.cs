using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>
/// "Save action": a complete draft becomes published and available to agents. It starts paused
/// (000: new actions start in paused state) until someone sets it active.
/// </summary>
public sealed record PublishActionRequest(int? Version);

public static class PublishActionEndpoint
{
    public static void MapPublishAction(this IEndpointRouteBuilder actions) =>
        actions.MapPost("/{id:guid}/publish", Handle).WithName("PublishAction").WithSummary("Save action: publish a complete draft");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, PublishActionRequest? request, HttpContext http, ActionEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request?.Version, "published", (action, entry) =>
        {
            if (action.IsPublished) return Problems.Conflict("The action is already published.");
            if (entry is null) return UpdateActionIntentEndpoint.TemplateGone(action);

            var violations = new Violations();
            ActionRules.CheckIntent(action.Name, action.Intent, action.IntentFields, entry.Template, violations);
            FieldValues.Validate(entry.Template.ConfigurationFields, action.Configuration, "/configuration", requireComplete: true, violations);
            if (action.AccountId is null && (entry.Template.RequiresAccount || !entry.Connector.AllowsAnonymous))
                violations.Add("/accountId", $"Connect a {entry.Connector.DisplayName} account first.");
            if (violations.Any)
                return Problems.Invalid("The action is not complete yet; it can stay a draft until it is.", violations.ToDictionary());

            action.State = ActionState.Paused;
            return null;
        }, cancellationToken);
}
