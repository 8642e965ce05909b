using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace Modular.BuildingBlocks.Http;

/// <summary>
/// The address other systems reach the platform at, for the URLs it hands out (webhook URLs):
/// <c>Platform:PublicBaseUrl</c>, or else the first address the server listens on (a wildcard host
/// such as 0.0.0.0 read as localhost). Never a request's Host header, which the caller chooses.
/// </summary>
public sealed class PublicAddress(IConfiguration configuration, IServer server)
{
    public const string ConfigurationKey = "Platform:PublicBaseUrl";

    private Uri? _baseUrl;

    /// <summary>The base URL, ending with "/".</summary>
    public Uri BaseUrl => _baseUrl ??= Configured(configuration) ?? Listening(server);

    /// <summary>An absolute URL for <paramref name="path"/> (relative, such as "hooks/abc") under the base URL.</summary>
    public string For(string path) => new Uri(BaseUrl, path.TrimStart('/')).ToString();

    /// <summary>The configured base URL; throws when it is set but not an absolute http(s) URL.</summary>
    public static Uri? Configured(IConfiguration configuration)
    {
        var value = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
            throw new InvalidOperationException($"{ConfigurationKey} must be an absolute http or https URL without query, such as https://modular.example.com/ (it is '{value}').");
        return WithTrailingSlash(url);
    }

    private static Uri Listening(IServer server) =>
        FromListenAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"The server listens on no address yet; set {ConfigurationKey}."));

    /// <summary>A listen address as a base URL: "http://+:80", "http://*:80", "http://0.0.0.0:80", "http://[::]:80" listen on every interface, read as localhost.</summary>
    public static Uri FromListenAddress(string address)
    {
        var builder = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::") builder.Host = "localhost";
        return WithTrailingSlash(builder.Uri);
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/");
}
