using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>
/// "Restore this version" in an action's history: its name, intent, configuration, description and
/// code go back to what they were at that version, saved as a new version (so the restore can be
/// undone the same way). Its state and account stay as they are: activating and connecting are
/// decisions of their own, with their own checks. The restored values are checked like any save,
/// since the template may have changed since.
/// </summary>
public sealed record RestoreActionVersionRequest(int? Version);

public static class RestoreActionVersionEndpoint
{
    public static void MapRestoreActionVersion(this IEndpointRouteBuilder actions) =>
        actions.MapPost("/{id:guid}/history/{version:int}/restore", Handle).WithName("RestoreActionVersion")
            .WithSummary("Bring back an action's content as it was at an earlier version (state and account stay)");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, int version, RestoreActionVersionRequest? request, HttpContext http, ActionEditor editor, IDocumentSession session,
        CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request?.Version, "restored", async (action, entry) =>
        {
            if (version < 1 || version > action.Version) return Problems.NotFound("Version", $"{version} of action {id}");
            if (version == action.Version) return Problems.Conflict($"Version {version} is the action's current version; there is nothing to restore.");
            if (entry is null) return UpdateActionIntentEndpoint.TemplateGone(action);

            // Back from now to that version: each later change undone, newest first.
            var snapshot = editor.Snapshot(action);
            var later = await session.Query<ActionChange>().Where(c => c.SubjectId == id && c.Version > version)
                .OrderByDescending(c => c.Version).ToListAsync(cancellationToken);
            foreach (var change in later.SelectMany(c => c.Changes)) snapshot[change.Field] = change.From?.DeepClone();

            var name = snapshot["name"]?.GetValue<string>();
            var intent = snapshot["intent"]?.GetValue<string>();
            var intentFields = snapshot["intentFields"] as JsonObject ?? [];
            var configuration = snapshot["configuration"] as JsonObject ?? [];
            var code = snapshot["code"]?.GetValue<string>() ?? "";
            var violations = new Violations();
            ActionRules.CheckIntent(name, intent, intentFields, entry.Template, violations);
            FieldValues.Validate(entry.Template.ConfigurationFields, configuration, "/configuration", requireComplete: action.IsPublished, violations);
            if (ActionCode.FindSyntaxError(code) is { } error) violations.Add("/code", $"Line {error.Line}, column {error.Column}: {error.Message}");
            if (violations.Any)
                return Problems.Invalid($"Version {version} cannot be restored as it is: the action's template checks it differently now.", violations.ToDictionary());

            action.Name = name!.Trim();
            action.Intent = intent!.Trim();
            action.IntentFields = intentFields;
            action.Configuration = configuration;
            action.Description = snapshot["description"]?.GetValue<string>() ?? "";
            action.Code = code;
            action.CodeEdited = code != ActionCode.Generate(configuration, entry.Template.Script);
            return null;
        }, cancellationToken);
}
