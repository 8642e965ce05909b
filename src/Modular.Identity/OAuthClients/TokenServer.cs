using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Modular.Identity.OAuthClients;

/// <summary>
/// The OAuth 2.0 token endpoint, <c>POST /connect/token</c>, for the client credentials grant only
/// (OpenIddict's server, in degraded mode: the clients are ours, checked below). Access tokens are
/// protected with ASP.NET Core Data Protection, whose key ring every node shares (kept in PostgreSQL),
/// so any node validates a token another node issued.
/// </summary>
public static class TokenServer
{
    public const string TokenPath = "/connect/token";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    internal static IServiceCollection AddTokenServer(this IServiceCollection services)
    {
        services.AddOpenIddict()
            .AddServer(options =>
            {
                options.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                options.AllowClientCredentialsFlow();
                options.EnableDegradedMode();
                options.SetAccessTokenLifetime(TokenLifetime);
                // Tokens use Data Protection (below); these keys sign nothing that leaves the host, so they need no persistence.
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.UseDataProtection();
                options.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
                options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseScopedHandler<CheckClientCredentials>());
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseDataProtection();
                options.UseAspNetCore();
            });
        return services;
    }

    internal static void MapTokenEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost(TokenPath, IssueAsync).WithName("IssueToken").WithTags("OAuth clients")
            .WithSummary("OAuth 2.0 token endpoint (client_credentials; the client id and secret as form fields or HTTP Basic)")
            .AllowAnonymous().WithoutWorkspace().RequireRateLimiting(IdentityModule.SignInLimit).DisableAntiforgery();

    private static async Task<IResult> IssueAsync(HttpContext http, IDocumentStore store)
    {
        var request = http.GetOpenIddictServerRequest()!;
        await using var session = store.QuerySession();
        // CheckClientCredentials let the request through, so the client exists and is not revoked.
        var client = await session.Query<OAuthClient>().FirstAsync(c => c.ClientId == request.ClientId && c.RevokedAt == null, http.RequestAborted);
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(Claims.Subject, client.Id.ToString());
        identity.AddClaim(ClaimTypes.NameIdentifier, client.UserId.ToString());
        identity.AddClaim(ClaimTypes.Name, $"{client.UserEmail} (OAuth client '{client.Name}')");
        identity.AddClaim(ClaimTypes.Email, client.UserEmail);
        identity.AddClaim(PlatformClaims.Workspace, client.WorkspaceId);
        identity.AddClaim(PlatformClaims.Role, client.Role.ToString());
        identity.AddClaim(PlatformClaims.OAuthClient, client.Id.ToString());
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Refuses a token request whose client is unknown, revoked, or whose secret does not match (compared in constant time).</summary>
    private sealed class CheckClientCredentials(IDocumentStore store) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateTokenRequestContext context)
        {
            if (!context.Request.IsClientCredentialsGrantType())
            {
                context.Reject(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
                return;
            }
            if (context.ClientId is not { Length: > 0 and <= 100 } clientId || context.ClientSecret is not { Length: > 0 and <= 200 } secret)
            {
                context.Reject(Errors.InvalidClient, "The client id and secret are required.");
                return;
            }
            await using var session = store.QuerySession();
            var client = await session.Query<OAuthClient>().FirstOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null);
            if (client is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(secret)), Encoding.ASCII.GetBytes(client.SecretHash)))
                context.Reject(Errors.InvalidClient, "The client id or secret is wrong, or the client was deleted.");
        }
    }
}
