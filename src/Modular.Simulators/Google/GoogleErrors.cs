using Modular.Simulators.Faults;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.Google;

/// <summary>
/// Google APIs' error body (google.rpc.Status as JSON): <c>{"error":{code, message, errors?, status, details?}}</c>.
/// </summary>
internal static class GoogleErrors
{
    public static IResult Error(int code, string status, string message, string? reason = null, object? details = null) =>
        Results.Json(new
        {
            error = new
            {
                code,
                message,
                errors = reason is null ? null : new[] { new { message, domain = "global", reason } },
                status,
                details,
            },
        }, statusCode: code);

    public static IResult InvalidArgument(string message) => Error(StatusCodes.Status400BadRequest, "INVALID_ARGUMENT", message, "badRequest");

    public static IResult BadRange(string range) => InvalidArgument($"Unable to parse range: {range}");

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "NOT_FOUND", "Requested entity was not found.");

    public static IResult PermissionDenied() => Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", "The caller does not have permission");

    public static IResult InsufficientScopes() =>
        Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", "Request had insufficient authentication scopes.",
            details: new[] { ErrorInfo("ACCESS_TOKEN_SCOPE_INSUFFICIENT", new Dictionary<string, string> { ["service"] = "sheets.googleapis.com" }) });

    /// <summary>
    /// No credentials at all is a 403 asking for an API key; a token Google does not know (unknown, expired,
    /// revoked) is a 401 with <c>WWW-Authenticate</c>, which Google's clients take as "refresh the token".
    /// </summary>
    public static IResult Unauthorized(HttpContext context, AccessLookup found)
    {
        if (found.State == AccessState.Unknown && !HasCredential(context.Request))
            return Error(StatusCodes.Status403Forbidden, "PERMISSION_DENIED", "The request is missing a valid API key.");
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
        return Error(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.");
    }

    /// <summary>The access token of a Google API call: <c>Authorization: Bearer</c>, else the standard <c>access_token</c> parameter.</summary>
    public static string? Token(HttpRequest request) => Fields.Bearer(request) ?? Fields.One(request.Query["access_token"]);

    private static bool HasCredential(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("access_token");

    public static Dictionary<string, object> ErrorInfo(string reason, Dictionary<string, string> metadata) => new()
    {
        ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo",
        ["reason"] = reason,
        ["domain"] = "googleapis.com",
        ["metadata"] = metadata,
    };
}

/// <summary>Injected faults in Google's shapes: a 429 is the per-user-per-minute quota of Sheets.</summary>
internal sealed class GoogleFaults : IVendorFaults
{
    public string Vendor => GoogleOAuth.Vendor.Key;

    public IResult RateLimited(HttpContext context, int retryAfterSeconds)
    {
        var (metric, limit, id) = HttpMethods.IsGet(context.Request.Method)
            ? ("Read requests", "Read requests per minute per user", "read_requests")
            : ("Write requests", "Write requests per minute per user", "write_requests");
        return GoogleErrors.Error(StatusCodes.Status429TooManyRequests, "RESOURCE_EXHAUSTED",
            $"Quota exceeded for quota metric '{metric}' and limit '{limit}' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
            details: new[]
            {
                GoogleErrors.ErrorInfo("RATE_LIMIT_EXCEEDED", new Dictionary<string, string>
                {
                    ["quota_metric"] = $"sheets.googleapis.com/{id}",
                    ["quota_limit"] = limit.Replace(" ", "", StringComparison.Ordinal),
                    ["quota_limit_value"] = "60",
                    ["service"] = "sheets.googleapis.com",
                    ["consumer"] = "projects/000000000000",
                }),
            });
    }

    public IResult ServerError(HttpContext context, int status) => status switch
    {
        503 => GoogleErrors.Error(status, "UNAVAILABLE", "The service is currently unavailable."),
        504 => GoogleErrors.Error(status, "DEADLINE_EXCEEDED", "The request timed out. Please try again."),
        501 => GoogleErrors.Error(status, "UNIMPLEMENTED", "Operation is not implemented, or supported, or enabled."),
        _ => GoogleErrors.Error(status, status == 500 ? "INTERNAL" : "UNKNOWN", "Internal error encountered."),
    };
}
