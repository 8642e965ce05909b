using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Modular.BuildingBlocks.Http;

namespace Modular.Host.Platform;

/// <summary>Every rate limit the modules set (webhooks, sign-in) answers alike: 429 problem details with <c>Retry-After</c>.</summary>
public static class RateLimitRejection
{
    public static IServiceCollection AddRateLimitRejection(this IServiceCollection services) =>
        services.Configure<RateLimiterOptions>(options => options.OnRejected = async (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            var http = rejected.HttpContext;
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            var detail = http.Request.Path.StartsWithSegments("/hooks")
                ? $"This webhook URL, or this client, is calling faster than allowed; try again in {retryAfter} s."
                : $"Too many attempts from this address; try again in {retryAfter} s.";
            await Problems.TooManyRequests(detail).ExecuteAsync(http);
        });
}
