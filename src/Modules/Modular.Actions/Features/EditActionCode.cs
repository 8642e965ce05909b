using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Http;

namespace Modular.Actions.Features;

/// <summary>
/// Direct code edits, for users who prefer code. The code is syntax-checked before it is saved,
/// and the SOP is marked for review, since it may no longer describe what the code does.
/// </summary>
public sealed record EditActionCodeRequest(string? Code, int? Version);

public static class EditActionCodeEndpoint
{
    public static void MapEditActionCode(this IEndpointRouteBuilder actions) =>
        actions.MapPut("/{id:guid}/code", Handle).WithName("EditActionCode").WithSummary("Replace an action's code (syntax-checked)");

    private static Task<Results<Ok<ActionView>, ProblemHttpResult>> Handle(
        Guid id, EditActionCodeRequest request, HttpContext http, ActionEditor editor, CancellationToken cancellationToken) =>
        editor.EditAsync(id, http, request.Version, "code", (action, _) =>
        {
            var code = request.Code ?? "";
            if (string.IsNullOrWhiteSpace(code))
                return Invalid("The code cannot be empty.");
            if (code.Length > ActionCode.MaxLength)
                return Invalid($"The code is limited to {ActionCode.MaxLength:N0} characters.");
            if (ActionCode.FindSyntaxError(code) is { } error)
                return Problems.Invalid("The code has a syntax error; it was not saved.", new Dictionary<string, string[]>
                {
                    ["/code"] = [$"Line {error.Line}, column {error.Column}: {error.Message}"],
                });
            if (code == action.Code) return null;

            action.Code = code;
            action.CodeEdited = true;
            action.DescriptionNeedsReview = true;
            return null;
        }, cancellationToken);

    private static ProblemHttpResult Invalid(string message) =>
        Problems.Invalid("The code was not saved.", new Dictionary<string, string[]> { ["/code"] = [message] });
}
