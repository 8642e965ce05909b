using Microsoft.AspNetCore.StaticFiles;

namespace Modular.Host.Platform;

/// <summary>
/// How the host serves the console: every path that is not one of its built files is a page of its
/// router. A template id has a dot (<c>/actions/new/rest.call-api</c>), so the framework's "no file
/// extension" rule cannot tell pages from files; the files on disk can.
/// </summary>
public static class ConsolePages
{
    public const string ConstraintName = "consolepage";

    public static IServiceCollection AddConsolePages(this IServiceCollection services) =>
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<ConsolePageConstraint>(ConstraintName));

    public static void MapConsolePages(this WebApplication app) =>
        app.MapFallbackToFile($"{{*path:{ConstraintName}}}", "index.html", new StaticFileOptions { OnPrepareResponse = NeverCached }).AllowAnonymous();

    /// <summary>Built assets are named by their content's hash: a browser may keep them for good. The page that names them is asked for again each time.</summary>
    public static StaticFileOptions Files() => new()
    {
        OnPrepareResponse = file =>
        {
            if (file.Context.Request.Path.StartsWithSegments("/assets"))
                file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            else
                NeverCached(file);
        },
    };

    private static void NeverCached(StaticFileResponseContext file) => file.Context.Response.Headers.CacheControl = "no-cache";

    /// <summary>A page is any path that is no file of the console; a missing built asset stays a 404, not the index page.</summary>
    private sealed class ConsolePageConstraint(IWebHostEnvironment environment) : IRouteConstraint
    {
        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            var path = values.TryGetValue(routeKey, out var value) ? value as string ?? "" : "";
            if (path.StartsWith("assets/", StringComparison.OrdinalIgnoreCase)) return false;
            return !environment.WebRootFileProvider.GetFileInfo(path).Exists;
        }
    }
}
