using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Modular.Runs.Webhooks;

/// <summary>Calls a second one public webhook URL, and one client address, may make (token buckets holding two seconds' worth).</summary>
public sealed class WebhookRateLimitOptions
{
    public int PerTokenPerSecond { get; set; } = 50;
    public int PerAddressPerSecond { get; set; } = 200;
}

/// <summary>
/// The public <c>/hooks</c> routes are rate-limited per URL and per client address; a call over a
/// limit is answered 429 with <c>Retry-After</c> (the host's rejection) before anything is read or stored.
/// </summary>
public static class WebhookRateLimits
{
    public static IServiceCollection AddWebhookRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("Webhooks:RateLimit").Get<WebhookRateLimitOptions>() ?? new WebhookRateLimitOptions();
        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Bucket(limits.PerTokenPerSecond, context => "token:" + context.Request.Path.Value![Prefix.Length..]),
                Bucket(limits.PerAddressPerSecond, context => "address:" + context.Connection.RemoteIpAddress));
        });
    }

    private const string Prefix = "/hooks/";

    private static PartitionedRateLimiter<HttpContext> Bucket(int perSecond, Func<HttpContext, string> key) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
            perSecond <= 0 || context.Request.Path.Value?.StartsWith(Prefix, StringComparison.Ordinal) != true
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetTokenBucketLimiter(key(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond * 2,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));

}
