using Microsoft.AspNetCore.Diagnostics;
using Serilog;

namespace Modular.Host.Platform;

/// <summary>
/// A body or query that cannot be bound (malformed JSON, "recent=maybe") is the caller's mistake:
/// answer 400 with what could not be read, instead of an empty answer or a logged server error. The
/// request log records the 400 with the reason, without the exception's stack trace.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems, IDiagnosticContext requestLog) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest) return false;

        http.Response.StatusCode = badRequest.StatusCode;
        requestLog.Set("Problem", badRequest.Message);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload too large" : "Bad request",
                Detail = badRequest.Message,
            },
        });
    }
}
