using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Modular.Testing;

/// <summary>
/// A real OpenID Connect provider on loopback (OpenIddict's server: discovery, JWKS, the authorization
/// code flow with PKCE, signed ID tokens), for single sign-on tests. It signs in whoever
/// <see cref="NextUser"/> says, as a provider would after its own login page.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "modular-tests";
    public const string ClientSecret = "modular-tests-secret";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app, Uri authority)
    {
        _app = app;
        Authority = authority;
    }

    public Uri Authority { get; }

    /// <summary>Who the provider signs in next: an email, and whether the provider verified it.</summary>
    public (string Email, bool Verified) NextUser { get; set; } = ("sso-user@tests.example", true);

    /// <summary>The host configuration that points single sign-on at this provider.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Identity:Sso:Authority"] = Authority.ToString(),
        ["Identity:Sso:ClientId"] = ClientId,
        ["Identity:Sso:ClientSecret"] = ClientSecret,
        ["Identity:Sso:DisplayName"] = "Test provider",
    };

    public static async Task<OidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        OidcProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
            // No database: the one client is checked below.
            options.EnableDegradedMode();
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableAccessTokenEncryption();
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId) context.Reject(Errors.InvalidClient, "Unknown client.");
                return default;
            }));
            options.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret) context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                return default;
            }));
        });
        builder.Services.AddAuthentication();
        var app = builder.Build();
        app.MapGet("/connect/authorize", (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var (email, verified) = provider!.NextUser;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(Claims.Subject, "sub-" + email);
            identity.AddClaim(Claims.Email, email);
            identity.AddClaim(Claims.EmailVerified, verified ? "true" : "false");
            identity.AddClaim(Claims.Name, email);
            var principal = new ClaimsPrincipal(identity);
            principal.SetScopes(request.GetScopes());
            principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapPost("/connect/token", async (HttpContext http) =>
        {
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(code.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider = new OidcProvider(app, new Uri(address.TrimEnd('/') + "/"));
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
