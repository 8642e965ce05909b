using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;

namespace Modular.Host.Platform;

/// <summary>
/// Headers every answer carries: a Content-Security-Policy (the console loads only its own files; the
/// API reference also runs its inline start-up script, allowed by a nonce; API answers load nothing),
/// no MIME sniffing, no referrer, no framing, and HSTS on HTTPS requests. An endpoint that set its own
/// Content-Security-Policy (documents: <c>sandbox</c>) keeps it.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <remarks>
    /// Style attributes are allowed (<c>style-src-attr</c>): the code editor places its gutters and
    /// tooltips with them. Style elements and sheets still come only from the console's own files, and
    /// the console renders no HTML it did not build.
    /// </remarks>
    public const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Answers that are data, not pages (the API, the OpenAPI document, health).</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Scalar's page: its scripts are served by the host and carry the nonce Scalar draws per answer
    /// (its inline start-up script needs it); the styles its components inject at run time need 'unsafe-inline'.
    /// </summary>
    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        var headers = http.Response.Headers;
        http.Response.OnStarting(() =>
        {
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
            if (headers.ContainsKey(HeaderNames.ContentSecurityPolicy)) return Task.CompletedTask;
            headers.ContentSecurityPolicy =
                http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce ? ApiReferencePolicy.Replace("{nonce}", nonce, StringComparison.Ordinal)
                : IsData(path) ? DataPolicy
                : ConsolePolicy;
            return Task.CompletedTask;
        });

        return next(http);
    }

    private static bool IsData(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health") || path.StartsWithSegments("/hooks");
}
