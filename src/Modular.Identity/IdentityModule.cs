using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Features;
using Modular.Identity.Workspaces;
using Wolverine;

namespace Modular.Identity;

public static class IdentityModule
{
    public const string Schema = "identity";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services)
    {
        // Workspaces are the tenants themselves, so they are the one document kept outside any tenant.
        services.ConfigureMarten(options => options.Schema.For<Workspace>().DatabaseSchemaName(Schema).SingleTenanted());
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(IdentityModule).Assembly));
        services.AddSingleton<IWorkspaceDirectory, WorkspaceDirectory>();
        services.AddHostedService<EnsureDevelopmentWorkspace>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder api)
    {
        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapCreateWorkspace();
        workspaces.MapListWorkspaces();
        return api;
    }
}
