using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Modular.Runs;

/// <summary>Runs: manual, webhook and scheduled triggers, sandboxed execution, live logs, stop, documents.</summary>
public static class RunsModule
{
    public const string Schema = "runs";

    public static IServiceCollection AddRunsModule(this IServiceCollection services)
    {
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(RunsModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapRunsEndpoints(this IEndpointRouteBuilder api) => api;
}
