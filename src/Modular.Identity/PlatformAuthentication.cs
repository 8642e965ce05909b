using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Modular.BuildingBlocks.Http;
using Modular.Identity.ApiKeys;

namespace Modular.Identity;

/// <summary>
/// Two ways in: the console's session cookie, and <c>Authorization: Bearer</c> with an API key.
/// Every endpoint needs one of them unless it is marked anonymous (the public list). Without a
/// credential the answer is 401 problem details, never a redirect to a page.
/// </summary>
public static class PlatformAuthentication
{
    public const string Scheme = "Modular";
    public const string CookieName = "modular.session";
    public const string SignInFirst = "Sign in, or send an API key as 'Authorization: Bearer <key>'.";

    internal static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            // The public webhook route never looks a key up (a sender's Authorization header is its own business).
            .AddPolicyScheme(Scheme, "Session cookie or API key", options =>
                options.ForwardDefaultSelector = http => ApiKeyAuthentication.HasBearer(http.Request) && !http.Request.Path.StartsWithSegments("/hooks")
                    ? ApiKeyAuthentication.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(IdentityConstants.ApplicationScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Strict: a request another site starts never carries the session (the API write guard refuses it too).
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(12);
                options.SlidingExpiration = true;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                    OnRedirectToLogin = context => Problems.Unauthorized(SignInFirst).ExecuteAsync(context.HttpContext),
                    OnRedirectToAccessDenied = context => Problems.Forbidden("Your role does not allow this.").ExecuteAsync(context.HttpContext),
                };
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build());
        services.AddSingleton<ApiKeyUses>();
        return services;
    }
}
