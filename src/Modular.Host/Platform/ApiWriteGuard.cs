using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Modular.Host.Platform;

/// <summary>
/// Writes to <c>/api</c> (POST, PUT, PATCH, DELETE) come from the console or an API client, never
/// from another site: a browser tells which with <c>Sec-Fetch-Site</c>, and <c>cross-site</c> is
/// refused (403). A body is JSON or nothing: a form or text/plain body, which any page can make a
/// browser send without asking, is refused (415), so another site cannot start or stop runs; so is
/// an empty body declared as one. A request without a body or Content-Type passes. The public
/// webhook route is outside /api.
/// </summary>
public sealed class ApiWriteGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments("/api") || !IsWrite(request.Method)) return next(http);

        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(
                title: "Forbidden",
                detail: "Requests from another site cannot change anything here.",
                statusCode: StatusCodes.Status403Forbidden,
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.4").ExecuteAsync(http);

        // An empty form is still a form: what counts is the type the sender declared, or a body without one.
        if ((HasBody(http) || !string.IsNullOrEmpty(request.ContentType)) && !IsJson(request.ContentType))
            return TypedResults.Problem(
                title: "Unsupported media type",
                detail: $"The body must be application/json (it was {(string.IsNullOrEmpty(request.ContentType) ? "sent without a Content-Type" : $"'{request.ContentType}'")}).",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.16").ExecuteAsync(http);

        return next(http);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool HasBody(HttpContext http) =>
        http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? http.Request.ContentLength > 0;

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
