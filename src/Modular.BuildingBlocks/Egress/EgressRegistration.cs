using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Modular.BuildingBlocks.Egress;

public static class EgressRegistration
{
    /// <summary>The policy, read from the configuration section <c>Egress</c> (a malformed entry stops the host at start).</summary>
    public static IServiceCollection AddEgressPolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EgressOptions>(configuration.GetSection("Egress"));
        services.AddSingleton(provider => new EgressPolicy(provider.GetRequiredService<IOptions<EgressOptions>>().Value));
        return services;
    }

    /// <summary>Sends this client's requests through the egress policy and the outbound request rules.</summary>
    public static IHttpClientBuilder UseEgressPolicy(this IHttpClientBuilder builder) => builder
        .ConfigurePrimaryHttpMessageHandler(provider => EgressHandler.Create(provider.GetRequiredService<EgressPolicy>()))
        .AddHttpMessageHandler(provider => new OutboundRequestHygiene(provider.GetRequiredService<IOptions<EgressOptions>>().Value));
}
