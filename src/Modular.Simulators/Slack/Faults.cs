using System.Globalization;

namespace Modular.Simulators.Slack;

/// <summary>
/// Slack's answer for a failure with a given HTTP status, for the simulator's own rate limits and for injected
/// faults alike. Slack answers errors with HTTP 200 and <c>{"ok":false,"error":…}</c>, except a rate limit (429 with
/// <c>Retry-After</c>) and its servers failing; the SDK treats any other status as an HTTP error.
/// </summary>
internal static class SlackFaults
{
    /// <summary>The error code Slack puts in the body for this status (the 5xx ones are guessed from Slack's error lists).</summary>
    internal static string ErrorCode(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "ratelimited",
        StatusCodes.Status503ServiceUnavailable => "service_unavailable",
        StatusCodes.Status408RequestTimeout or StatusCodes.Status504GatewayTimeout => "request_timeout",
        StatusCodes.Status401Unauthorized => "invalid_auth",
        _ => "internal_error",
    };

    /// <summary>Writes <c>{"ok":false,"error":…}</c> with the status; a 429 also says when to retry.</summary>
    internal static Task WriteAsync(HttpResponse response, int status, int retryAfterSeconds = 1)
    {
        response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
            response.Headers.RetryAfter = Math.Max(1, retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        return response.WriteAsJsonAsync(new { ok = false, error = ErrorCode(status) }, response.HttpContext.RequestAborted);
    }
}
