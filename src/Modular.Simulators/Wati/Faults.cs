using System.Text.Encodings.Web;
using System.Text.Json;

namespace Modular.Simulators.Wati;

/// <summary>
/// Wati's answer for a failure with a given HTTP status, for the simulator's own refusals and for injected faults.
/// Wati's v3 spec gives 400, 403 and 500 a body <c>{code, message, timestamp}</c> and 401 none at all ("do not
/// guarantee a JSON response body"); 429 has no documented body, so it gets the same shape (guessed).
/// </summary>
internal static class WatiFaults
{
    /// <summary>Wati's JSON: property names as written, and nulls written (v1 answers carry <c>"error": null</c>).</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The response descriptions of Wati's v3 spec, used when no more precise message is given.</summary>
    private static string DefaultMessage(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is invalid.",
        StatusCodes.Status403Forbidden => "The request is forbidden.",
        StatusCodes.Status404NotFound => "The resource was not found.",
        StatusCodes.Status429TooManyRequests => "Too many requests. Either the rate limit has been exceeded or usage limits have been reached.",
        _ => "Unexpected error occurred. Please try again.",
    };

    /// <summary>A 401 has an empty body; any other status <c>{code, message, timestamp}</c>.</summary>
    internal static IResult Error(int status, string? message = null) =>
        status == StatusCodes.Status401Unauthorized
            ? Results.StatusCode(status)
            : Results.Json(new { code = status, message = message ?? DefaultMessage(status), timestamp = DateTime.UtcNow }, Json, statusCode: status);

    /// <summary>The same answer written straight to a response, for middleware.</summary>
    internal static Task WriteAsync(HttpContext context, int status) => Error(status).ExecuteAsync(context);
}
