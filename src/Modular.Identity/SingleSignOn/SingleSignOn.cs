using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modular.BuildingBlocks.Http;
using Modular.Identity.FirstStart;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Users;
using Wolverine;
using Wolverine.Marten.Publishing;

namespace Modular.Identity.SingleSignOn;

/// <summary>Single sign-on with any OpenID Connect provider (<c>Identity:Sso</c>).</summary>
public sealed class SsoOptions
{
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>The button's label on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Single sign-on";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public sealed record SsoStatus(bool Enabled, string? DisplayName);

/// <summary>
/// The authorization code flow with PKCE against the configured provider. A user comes back matched by
/// verified email, or is created without a password; a new user joins no workspace until invited. An
/// email the provider has not verified is refused, so a provider account cannot take over an account here.
/// </summary>
public static class SingleSignOn
{
    public const string Scheme = "sso";
    public const string StartPath = "/sso/start";
    public const string CallbackPath = "/sso/callback";

    internal static void AddSingleSignOn(this IServiceCollection services, IConfiguration configuration)
    {
        var sso = configuration.GetSection("Identity:Sso").Get<SsoOptions>() ?? new SsoOptions();
        services.AddSingleton(sso);
        if (!sso.Enabled) return;
        if (!Uri.TryCreate(sso.Authority, UriKind.Absolute, out var authority))
            throw new InvalidOperationException($"Identity:Sso:Authority must be an absolute URL (it is '{sso.Authority}').");

        services.AddAuthentication().AddOpenIdConnect(Scheme, sso.DisplayName, options =>
        {
            options.Authority = sso.Authority;
            options.ClientId = sso.ClientId;
            options.ClientSecret = sso.ClientSecret;
            // Discovery over plain HTTP only for a provider on this machine (a local provider, or tests).
            options.RequireHttpsMetadata = !authority.IsLoopback;
            options.ResponseType = "code";
            options.ResponseMode = "query";
            options.UsePkce = true;
            options.CallbackPath = CallbackPath;
            options.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" }) options.Scope.Add(scope);
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.SignInScheme = IdentityConstants.ApplicationScheme;
            // The provider sends the browser back with a top-level GET: Lax cookies travel with it.
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnTicketReceived = SignInLocallyAsync;
            options.Events.OnRemoteFailure = context =>
            {
                // The provider's or the handler's own words are for the log, not for the page.
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
                    .LogInformation("Single sign-on did not complete: {Reason}", context.Failure?.Message);
                context.HandleResponse();
                context.Response.Redirect(SignInPage("failed", context.Properties?.RedirectUri));
                return Task.CompletedTask;
            };
        });
    }

    internal static void MapSingleSignOn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sso", (SsoOptions sso) => TypedResults.Ok(new SsoStatus(sso.Enabled, sso.Enabled ? sso.DisplayName : null)))
            .WithName("GetSso").WithTags("Sign-in").WithSummary("Whether single sign-on is configured, and its button's label")
            .AllowAnonymous().WithoutWorkspace();
        app.MapGet(StartPath, Start).WithName("StartSso").WithTags("Sign-in").WithSummary("Go to the single sign-on provider (returnTo: a path of the console)")
            .AllowAnonymous().WithoutWorkspace().RequireRateLimiting(IdentityModule.SignInLimit);
    }

    private static async Task<Results<ChallengeHttpResult, ProblemHttpResult>> Start(SsoOptions sso, Owners owners, CancellationToken cancellationToken, string? returnTo = null)
    {
        if (!sso.Enabled) return TypedResults.Problem(title: "Not found", detail: "Single sign-on is not configured.", statusCode: StatusCodes.Status404NotFound);
        // Before the owner exists, the first account is made with the setup code only.
        if (!await owners.AnyUserAsync(cancellationToken)) return Problems.Conflict("Create the owner account with the setup code first.");
        // Only a path of this site: an absolute or protocol-relative URL would make this an open redirect.
        var target = returnTo is { Length: > 0 and < 2000 } && returnTo.StartsWith('/') && !returnTo.StartsWith("//", StringComparison.Ordinal) && !returnTo.Contains('\\')
            ? returnTo : "/";
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = target }, [Scheme]);
    }

    /// <summary>
    /// Back to the sign-in page with an outcome code the page words itself (never text from the URL, which anyone
    /// could craft into a link), keeping where the person was going.
    /// </summary>
    private static string SignInPage(string outcome, string? returnTo) =>
        $"/sign-in?sso={outcome}" + (returnTo is { Length: > 1 } ? "&returnTo=" + Uri.EscapeDataString(returnTo) : "");

    private static async Task SignInLocallyAsync(TicketReceivedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var principal = context.Principal!;
        var email = principal.FindFirstValue("email")?.Trim();
        var verified = string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        context.HandleResponse();
        if (email is null || !EmailAddress.IsValid(email) || !verified)
        {
            context.Response.Redirect(SignInPage("unverified", context.ReturnUri));
            return;
        }

        var users = services.GetRequiredService<UserManager<User>>();
        var clock = services.GetRequiredService<TimeProvider>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new User { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                context.Response.Redirect(SignInPage("refused", context.ReturnUri));
                return;
            }
        }
        if (await users.IsLockedOutAsync(user))
        {
            context.Response.Redirect(SignInPage("locked", context.ReturnUri));
            return;
        }

        await services.GetRequiredService<SignInManager<User>>().SignInAsync(user, isPersistent: false, authenticationMethod: Scheme);
        await SignInAudit.RecordAsync(services.GetRequiredService<OutboxedSessionFactory>(), services.GetRequiredService<IMessageBus>(), user,
            "signed in", "single sign-on", clock.GetUtcNow(), context.HttpContext.RequestAborted);
        context.Response.Redirect(context.ReturnUri ?? "/");
    }
}
