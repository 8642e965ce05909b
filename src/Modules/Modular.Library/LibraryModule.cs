using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Modular.Library.Domain;
using Modular.Library.Features;
using Wolverine;

namespace Modular.Library;

/// <summary>The action library: templates from the loaded connector plugins, browsed and searched.</summary>
public static class LibraryModule
{
    public const string Schema = "library";

    public static IServiceCollection AddLibraryModule(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<RecentTemplate>().DatabaseSchemaName(Schema).MultiTenanted());
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(LibraryModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapLibraryEndpoints(this IEndpointRouteBuilder api)
    {
        var library = api.MapGroup("/library").WithTags("Library");
        library.MapListTemplates();
        library.MapGetTemplate();
        library.MapListTypes();
        library.MapListOperations();
        api.MapGroup("/plugins").WithTags("Plugins").MapListPlugins();
        api.MapGroup("/connectors").WithTags("Library").MapGetConnectorIcon();
        return api;
    }
}
