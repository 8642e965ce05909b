using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Modular.BuildingBlocks.Http;

/// <summary>RFC 9457 answers with one wording across modules.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(
            title: $"{what} not found",
            detail: $"No {what.ToLowerInvariant()} with id '{id}' was found.",
            statusCode: StatusCodes.Status404NotFound,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(
            title: "Bad request",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(
            title: "Forbidden",
            detail: detail,
            statusCode: StatusCodes.Status403Forbidden,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.4");

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(
            title: "Unauthorized",
            detail: detail,
            statusCode: StatusCodes.Status401Unauthorized,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.2");

    public static ProblemHttpResult TooManyRequests(string detail) =>
        TypedResults.Problem(
            title: "Too many requests",
            detail: detail,
            statusCode: StatusCodes.Status429TooManyRequests,
            type: "https://tools.ietf.org/html/rfc6585#section-4");

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(
            title: "Conflict",
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            extensions: extensions);

    /// <summary>502: a vendor the platform called on the user's behalf failed, in the vendor's words.</summary>
    public static ProblemHttpResult BadGateway(string detail) =>
        TypedResults.Problem(
            title: "The connected system failed",
            detail: detail,
            statusCode: StatusCodes.Status502BadGateway,
            type: "https://tools.ietf.org/html/rfc9110#section-15.6.3");

    /// <summary>422 with field-level errors keyed by JSON pointer or field name.</summary>
    public static ProblemHttpResult Invalid(string detail, IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Title = "The request is not valid",
            Detail = detail,
            Status = StatusCodes.Status422UnprocessableEntity,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        });
}
