using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

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

    /// <summary>
    /// The console's files. Built assets are named by their content's hash: a browser may keep them for
    /// good, and gets the Brotli or gzip copy the build made (web/vite.config.ts) when it accepts one.
    /// The page that names them is asked for again each time.
    /// </summary>
    public static void UseConsoleFiles(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        app.Use((http, next) =>
        {
            SendPrecompressed(http, files);
            return next(http);
        });
        app.UseStaticFiles(Files());
    }

    private static readonly (string Encoding, string Suffix)[] Precompressed = [("br", ".br"), ("gzip", ".gz")];

    private static void SendPrecompressed(HttpContext http, IFileProvider files)
    {
        var path = http.Request.Path;
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || !path.StartsWithSegments("/assets")) return;
        var accepted = http.Request.GetTypedHeaders().AcceptEncoding;
        foreach (var (encoding, suffix) in Precompressed)
        {
            if (!accepted.Any(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0)) continue;
            if (!files.GetFileInfo(path + suffix).Exists) continue;
            http.Request.Path = path + suffix;
            http.Response.Headers.ContentEncoding = encoding;
            http.Response.Headers.Vary = "Accept-Encoding";
            return;
        }
    }

    private static StaticFileOptions Files() => new()
    {
        ContentTypeProvider = new PrecompressedContentTypes(),
        OnPrepareResponse = file =>
        {
            if (file.Context.Request.Path.StartsWithSegments("/assets"))
                file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            else
                NeverCached(file);
        },
    };

    private static void NeverCached(StaticFileResponseContext file) => file.Context.Response.Headers.CacheControl = "no-cache";

    /// <summary>A precompressed copy has the type of the file it copies (<c>index.js.br</c> is JavaScript).</summary>
    private sealed class PrecompressedContentTypes : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _types = new();

        public bool TryGetContentType(string subpath, out string contentType) =>
            _types.TryGetContentType(Precompressed.Any(p => subpath.EndsWith(p.Suffix, StringComparison.Ordinal)) ? subpath[..^3] : subpath, out contentType!);
    }

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
