using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>The configuration page. A draft may be incomplete; a published action must stay complete.</summary>
public sealed record UpdateActionConfigurationRequest(JsonObject? Configuration, int? Version);

public static class UpdateActionConfigurationEndpoint
{
    public static void MapUpdateActionConfiguration(this IEndpointRouteBuilder actions) =>
        actions.MapPut("/{id:guid}/configuration", Handle).WithName("UpdateActionConfiguration").WithSummary("Save the template-specific settings");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, UpdateActionConfigurationRequest request, HttpContext http, ActionEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "configuration", (action, entry) =>
        {
            if (entry is null) return UpdateActionIntentEndpoint.TemplateGone(action);
            var configuration = request.Configuration ?? [];
            var violations = new Violations();
            FieldValues.Validate(entry.Template.ConfigurationFields, configuration, "/configuration", requireComplete: action.IsPublished, violations);
            if (violations.Any) return Problems.Invalid("The configuration cannot be saved.", violations.ToDictionary());

            action.Configuration = configuration;
            ActionRules.Regenerate(action, entry.Template);
            return null;
        }, cancellationToken);
}
