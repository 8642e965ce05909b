using System.Globalization;
using System.Security.Cryptography;
using GraphQL;
using GraphQL.Execution;

namespace Modular.Simulators.Pipefy;

/// <summary>
/// Pipefy's answer for a failure with a given HTTP status: a GraphQL error body
/// <c>{"errors":[{"message","extensions":{"code","correlation_id"}}]}</c>. Pipefy's own toolkit knows the codes
/// UNAUTHORIZED, FORBIDDEN, PERMISSION_DENIED, NOT_FOUND, RESOURCE_NOT_FOUND, BAD_REQUEST; the HTTP status of a
/// refused token (401) and the messages are not documented (guessed).
/// </summary>
internal static class PipefyFaults
{
    internal static (string Code, string Message) Describe(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("BAD_REQUEST", "Bad request"),
        StatusCodes.Status401Unauthorized => ("UNAUTHORIZED", "Unauthorized"),
        StatusCodes.Status403Forbidden => ("FORBIDDEN", "Forbidden"),
        StatusCodes.Status404NotFound => ("NOT_FOUND", "Not found"),
        StatusCodes.Status429TooManyRequests => ("TOO_MANY_REQUESTS", "Too many requests, please try again later"),
        StatusCodes.Status503ServiceUnavailable => ("SERVICE_UNAVAILABLE", "Service unavailable"),
        _ => ("INTERNAL_SERVER_ERROR", "Internal server error"),
    };

    /// <summary>Writes the error body with the status; a 429 also says when to retry.</summary>
    internal static Task WriteAsync(HttpResponse response, int status, string? message = null, int retryAfterSeconds = 1)
    {
        var (code, text) = Describe(status);
        response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
            response.Headers.RetryAfter = Math.Max(1, retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        return response.WriteAsJsonAsync(new
        {
            errors = new[] { new { message = message ?? text, extensions = new { code, correlation_id = CorrelationId() } } },
        }, response.HttpContext.RequestAborted);
    }

    /// <summary>Pipefy tags each error with an id its support can look up.</summary>
    internal static string CorrelationId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}

/// <summary>
/// How GraphQL errors are written: the message and <c>extensions: {code, correlation_id}</c>, as Pipefy's; the
/// error's locations and path are written beside them by the serializer.
/// </summary>
internal sealed class PipefyErrorInfoProvider : IErrorInfoProvider
{
    public ErrorInfo GetInfo(ExecutionError executionError) => new()
    {
        Message = executionError.Message,
        Extensions = new Dictionary<string, object?>
        {
            ["code"] = executionError.Code ?? "INTERNAL_SERVER_ERROR",
            ["correlation_id"] = PipefyFaults.CorrelationId(),
        },
    };
}
