using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>"Edit Name" in the action header's menu.</summary>
public sealed record RenameActionRequest(string? Name, int? Version);

public static class RenameActionEndpoint
{
    public static void MapRenameAction(this IEndpointRouteBuilder actions) =>
        actions.MapPut("/{id:guid}/name", Handle).WithName("RenameAction").WithSummary("Rename an action");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, RenameActionRequest request, HttpContext http, ActionEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "renamed", (action, _) =>
        {
            var violations = new Violations();
            ActionRules.CheckName(request.Name, violations);
            if (violations.Any) return Problems.Invalid("The action cannot be renamed.", violations.ToDictionary());
            action.Name = request.Name!.Trim();
            return null;
        }, cancellationToken);
}
