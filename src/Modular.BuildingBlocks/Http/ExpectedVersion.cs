using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Modular.BuildingBlocks.Http;

/// <summary>
/// The version a write was based on: the <c>If-Match</c> header (an ETag such as <c>"3"</c>) or a
/// <c>version</c> field in the body. Writes without one are refused (428): a client that did not
/// say what it read could silently overwrite someone else's change.
/// </summary>
public static class ExpectedVersion
{
    public static string ETag(int version) => $"\"{version}\"";

    public static bool TryRead(HttpRequest request, int? bodyVersion, out int version, out ProblemHttpResult? problem)
    {
        problem = null;
        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0)
        {
            if (int.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"'), out version) && version >= 0) return true;
            problem = Problems.BadRequest("If-Match must be the ETag of the version you read, such as \"3\".");
            return false;
        }
        if (bodyVersion is { } fromBody and >= 0)
        {
            version = fromBody;
            return true;
        }
        version = 0;
        problem = TypedResults.Problem(
            title: "Version required",
            detail: "Send the version you read (If-Match header or a \"version\" field), so that concurrent edits cannot overwrite each other.",
            statusCode: StatusCodes.Status428PreconditionRequired);
        return false;
    }

    public static ProblemHttpResult Stale(string what, int expected, int current) =>
        Problems.Conflict(
            $"The {what} was changed by someone else (you edited version {expected}, it is now at version {current}). Reload it and apply your change again.",
            new Dictionary<string, object?> { ["currentVersion"] = current });
}
