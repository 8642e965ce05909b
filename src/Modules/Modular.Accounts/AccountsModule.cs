using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.Accounts.Domain;
using Modular.Accounts.Features;
using Modular.Accounts.OAuth;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Egress;
using Wolverine;

namespace Modular.Accounts;

/// <summary>Connected accounts: API keys, tokens and passwords (OAuth 2.0 to come), secrets sealed at rest, disconnect with its safety check.</summary>
public static class AccountsModule
{
    public const string Schema = "accounts";

    /// <summary>The client of connection tests: the egress policy applies, as to operations.</summary>
    public const string HttpClient = "accounts";

    public static IServiceCollection AddAccountsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Schema.For<ConnectedAccount>().DatabaseSchemaName(Schema).MultiTenanted().Index(a => a.ConnectedAt);
            options.Schema.For<AccountSecrets>().DatabaseSchemaName(Schema).MultiTenanted();
            options.Schema.For<OAuthAttempt>().DatabaseSchemaName(Schema).SingleTenanted();
        });
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(AccountsModule).Assembly));
        services.AddSingleton<AccountVault>();
        services.AddSingleton<OAuthClients>();
        services.AddSingleton<AccountRefresh>();
        services.AddHttpClient(HttpClient).UseEgressPolicy();
        return services;
    }

    /// <summary>The OAuth 2.0 redirect URL, reached by the provider's redirect without the console's credentials.</summary>
    public static IEndpointRouteBuilder MapAccountsPublicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCompleteOAuth();
        return app;
    }

    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapListAccountConnectors();
        accounts.MapListAccounts();
        accounts.MapConnectAccount();
        accounts.MapStartOAuth();
        accounts.MapUpdateAccountSecret();
        accounts.MapReplaceAccount();
        accounts.MapDisconnectAccount();
        accounts.MapListAccountOptions();
        api.MapGroup("/connectors").WithTags("Accounts").MapRunConnectorOperation();
        return api;
    }
}
