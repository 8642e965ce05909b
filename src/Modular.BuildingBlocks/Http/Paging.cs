using Microsoft.AspNetCore.Http.HttpResults;

namespace Modular.BuildingBlocks.Http;

/// <summary>
/// The <c>page</c> and <c>pageSize</c> of a paged list. Pages are bounded so that the rows skipped,
/// (page - 1) × pageSize, stay a sensible number (page 2147483647 used to overflow into a server error).
/// </summary>
public static class Paging
{
    public const int MaxPage = 100_000;
    public const int MaxPageSize = 100;

    /// <summary>422 with a violation per out-of-range value, or null when both are in range.</summary>
    public static ProblemHttpResult? Check(int page, int pageSize, int maxPageSize = MaxPageSize)
    {
        var violations = new Violations();
        if (page is < 1 or > MaxPage) violations.Add("/page", $"page is 1 to {MaxPage}.");
        if (pageSize < 1 || pageSize > maxPageSize) violations.Add("/pageSize", $"pageSize is 1 to {maxPageSize}.");
        return violations.Any ? Problems.Invalid("The list cannot be paged so.", violations.ToDictionary()) : null;
    }
}
