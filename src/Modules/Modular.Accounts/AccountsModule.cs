using Marten;
using Microsoft.AspNetCore.Routing;
using Modular.Accounts.Domain;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace Modular.Accounts;

/// <summary>Connected accounts: OAuth 2.0, API keys, secrets encrypted at rest, disconnect with its safety check.</summary>
public static class AccountsModule
{
    public const string Schema = "accounts";

    public static IServiceCollection AddAccountsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<ConnectedAccount>().DatabaseSchemaName(Schema).MultiTenanted());
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(AccountsModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder api) => api;
}
