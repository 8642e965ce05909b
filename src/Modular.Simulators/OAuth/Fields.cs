using System.Net.Http.Headers;
using Microsoft.Extensions.Primitives;

namespace Modular.Simulators.OAuth;

/// <summary>Reading request parameters the way the vendors' endpoints take them.</summary>
internal static class Fields
{
    /// <summary>A parameter sent empty counts as not sent, and one sent twice as not sent either (RFC 6749 3.1).</summary>
    public static string? One(StringValues values) => values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>The form body's fields; a request without a form body has none.</summary>
    public static async Task<Func<string, string?>> FormAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : FormCollection.Empty;
        return name => One(form[name]);
    }

    /// <summary>Form fields, else query parameters: Slack's methods and Google's revoke take either.</summary>
    public static async Task<Func<string, string?>> FormOrQueryAsync(HttpRequest request)
    {
        var form = await FormAsync(request);
        return name => form(name) ?? One(request.Query[name]);
    }

    public static string? Bearer(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(header.Parameter)
            ? header.Parameter
            : null;
}
