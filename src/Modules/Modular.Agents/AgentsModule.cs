using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Modular.Agents;

/// <summary>Agents: built from actions, active/paused, test and published modes, AI behaviours.</summary>
public static class AgentsModule
{
    public const string Schema = "agents";

    public static IServiceCollection AddAgentsModule(this IServiceCollection services)
    {
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(AgentsModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapAgentsEndpoints(this IEndpointRouteBuilder api) => api;
}
