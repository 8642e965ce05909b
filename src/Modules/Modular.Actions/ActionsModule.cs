using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Modular.Actions;

/// <summary>Actions: created from templates (intent, then configuration), draft/active/paused, update, rename, delete with its safety check.</summary>
public static class ActionsModule
{
    public const string Schema = "actions";

    public static IServiceCollection AddActionsModule(this IServiceCollection services)
    {
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(ActionsModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapActionsEndpoints(this IEndpointRouteBuilder api) => api;
}
