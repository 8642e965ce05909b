using System.Threading.RateLimiting;
using Marten;
using Marten.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Identity.Features.ApiKeys;
using Modular.Identity.Features.Invitations;
using Modular.Identity.Features.Members;
using Modular.Identity.Features.OAuthClients;
using Modular.Identity.Features.Session;
using Modular.Identity.Features.Setup;
using Modular.Identity.Features.Workspaces;
using Modular.Identity.FirstStart;
using Modular.Identity.Invitations;
using Modular.Identity.Members;
using Modular.Identity.OAuthClients;
using Modular.Identity.SingleSignOn;
using Modular.Identity.Users;
using Modular.Identity.Workspaces;
using Npgsql;
using Wolverine;

namespace Modular.Identity;

public static class IdentityModule
{
    public const string Schema = "identity";

    /// <summary>The rate limit of sign-in, owner setup, invitation links, single sign-on and the token endpoint, per client address.</summary>
    public const string SignInLimit = "sign-in";

    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        // Workspaces are the tenants themselves, so they and who belongs to them are kept outside any tenant.
        services.ConfigureMarten(options =>
        {
            options.Schema.For<Workspace>().DatabaseSchemaName(Schema).SingleTenanted();
            options.Schema.For<Membership>().DatabaseSchemaName(Schema).SingleTenanted().Duplicate(m => m.UserId).Duplicate(m => m.WorkspaceId);
            options.Schema.For<ApiKey>().DatabaseSchemaName(Schema).SingleTenanted()
                .UniqueIndex(UniqueIndexType.DuplicatedField, k => k.Hash).Duplicate(k => k.WorkspaceId);
            options.Schema.For<ApiKeyUse>().DatabaseSchemaName(Schema).SingleTenanted();
            options.Schema.For<Invitation>().DatabaseSchemaName(Schema).SingleTenanted()
                .UniqueIndex(UniqueIndexType.DuplicatedField, i => i.TokenHash).Duplicate(i => i.WorkspaceId);
            options.Schema.For<OAuthClient>().DatabaseSchemaName(Schema).SingleTenanted()
                .UniqueIndex(UniqueIndexType.DuplicatedField, c => c.ClientId).Duplicate(c => c.WorkspaceId);
            options.Schema.For<SetupCode>().DatabaseSchemaName(Schema).SingleTenanted().Duplicate(c => c.Hash);
        });
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(IdentityModule).Assembly));

        services.AddDbContext<UsersDbContext>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()).UseSnakeCaseNamingConvention());
        services.AddIdentityCore<User>(PasswordRules.Apply)
            .AddEntityFrameworkStores<UsersDbContext>()
            .AddSignInManager();
        services.AddPlatformAuthentication();
        services.AddTokenServer();
        services.AddSingleSignOn(configuration);

        var perMinute = configuration.GetValue("Identity:SignInRateLimit:PerMinute", 10);
        services.AddRateLimiter(options => options.AddPolicy(SignInLimit, http =>
            RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })));

        var smtp = configuration.GetSection(SmtpSettings.Section).Get<SmtpSettings>() ?? new SmtpSettings();
        if (smtp.Problem() is { } smtpProblem) throw new InvalidOperationException(smtpProblem);
        services.Configure<SmtpSettings>(configuration.GetSection(SmtpSettings.Section));

        services.AddSingleton<IWorkspaceMemberships, WorkspaceMemberships>();
        services.AddScoped<Owners>();
        services.AddHostedService<FirstStartService>();
        return services;
    }

    /// <summary>The OAuth 2.0 and single sign-on endpoints, outside /api as OAuth clients and providers expect.</summary>
    public static IEndpointRouteBuilder MapIdentityPublicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapTokenEndpoint();
        app.MapSingleSignOn();
        return app;
    }

    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder api)
    {
        var setup = api.MapGroup("/setup").WithTags("Sign-in");
        setup.MapGetSetup();
        setup.MapCreateOwner();
        var session = api.MapGroup("/session").WithTags("Sign-in");
        session.MapSignIn();
        session.MapSignOut();
        api.MapGetMe();
        api.MapGroup("/invitation-links").WithTags("Sign-in").MapInvitationLinks();

        var workspaces = api.MapGroup("/workspaces").WithTags("Workspaces");
        workspaces.MapCreateWorkspace();
        workspaces.MapListWorkspaces();
        workspaces.MapDeleteWorkspace();

        var members = api.MapGroup("/members").WithTags("Members");
        members.MapListMembers();
        members.MapChangeMemberRole();
        members.MapRemoveMember();
        var invitations = api.MapGroup("/invitations").WithTags("Members");
        invitations.MapInviteMember();
        invitations.MapListInvitations();
        invitations.MapCancelInvitation();

        api.MapGroup("/api-keys").WithTags("API keys").MapApiKeys();
        api.MapGroup("/oauth-clients").WithTags("OAuth clients").MapOAuthClients();
        return api;
    }
}
