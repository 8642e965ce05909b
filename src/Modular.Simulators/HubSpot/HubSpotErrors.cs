using Modular.Simulators.Faults;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.HubSpot;

/// <summary>One entry of an error's <c>errors</c> array.</summary>
internal sealed record HubSpotErrorDetail(string Message, string? Code = null, string? In = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Context = null);

/// <summary>
/// HubSpot's error bodies: <c>{status:"error", message, correlationId, category, errors?, context?, links?}</c>
/// (developers.hubspot.com/docs/faq/api-error-responses; "treat all fields as optional").
/// </summary>
internal static class HubSpotErrors
{
    public static IResult Error(int status, string category, string message, IReadOnlyList<HubSpotErrorDetail>? errors = null, object? links = null) =>
        Results.Json(new { status = "error", message, correlationId = Guid.NewGuid(), category, errors, links }, statusCode: status);

    public static IResult Validation(string message, IReadOnlyList<HubSpotErrorDetail>? errors = null) =>
        Error(StatusCodes.Status400BadRequest, "VALIDATION_ERROR", message, errors);

    public static IResult ObjectNotFound() =>
        Error(StatusCodes.Status404NotFound, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");

    /// <summary>
    /// A missing, unknown or revoked token; an expired OAuth token says so, with HubSpot's EXPIRED_AUTHENTICATION.
    /// </summary>
    public static IResult Unauthorized(HttpContext context, AccessLookup found)
    {
        if (found.State == AccessState.Expired)
        {
            var ago = Math.Max(0, (int)(DateTimeOffset.UtcNow - found.ExpiresAt).TotalMinutes);
            return Error(StatusCodes.Status401Unauthorized, "EXPIRED_AUTHENTICATION", $"The OAuth token used to make this call expired {ago} minute(s) ago.");
        }
        return Error(StatusCodes.Status401Unauthorized, "INVALID_AUTHENTICATION",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
    }

    public static IResult MissingScopes(params string[] required) =>
        Error(StatusCodes.Status403Forbidden, "MISSING_SCOPES",
            "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
            [new HubSpotErrorDetail("One or more of the following scopes are required.", Context: new Dictionary<string, IReadOnlyList<string>> { ["requiredGranularScopes"] = required })],
            links: new { scopes = "https://developers.hubspot.com/scopes" });

    /// <summary>
    /// A 429 of HubSpot's rate limiter. The body is the one HubSpot's docs quote; the official Node client retries on
    /// <c>policyName</c> TEN_SECONDLY_ROLLING and on the message "You have reached your secondly limit." (search).
    /// </summary>
    public static IResult RateLimited(string message, string policyName) =>
        Results.Json(new
        {
            status = "error",
            message,
            errorType = "RATE_LIMIT",
            correlationId = Guid.NewGuid(),
            policyName,
            requestId = Guid.NewGuid(),
            category = "RATE_LIMITS",
        }, statusCode: StatusCodes.Status429TooManyRequests);

    public const string TenSecondlyMessage = "You have reached your ten secondly limit.";
    public const string SecondlyMessage = "You have reached your secondly limit.";
}

/// <summary>Injected faults in HubSpot's shapes.</summary>
internal sealed class HubSpotFaults : IVendorFaults
{
    public string Vendor => HubSpotOAuth.Vendor.Key;

    public IResult RateLimited(HttpContext context, int retryAfterSeconds) =>
        HubSpotErrors.RateLimited(HubSpotErrors.TenSecondlyMessage, "TEN_SECONDLY_ROLLING");

    public IResult ServerError(HttpContext context, int status) =>
        HubSpotErrors.Error(status, status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR",
            status == 503 ? "The service is temporarily unavailable. Please try again later." : "internal error");
}
