using System.Globalization;
using Marten;
using Wolverine;
using Wolverine.Marten.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Users;

namespace Modular.Identity.Features.Session;

public sealed record SignInRequest(string? Email, string? Password);

public static class SignInEndpoint
{
    public const string WrongCredentials = "The email or password is wrong.";

    public static void MapSignIn(this IEndpointRouteBuilder session) =>
        session.MapPost("/", Handle).WithName("SignIn").WithSummary("Sign in with email and password (sets the session cookie)")
            .AllowAnonymous().WithoutWorkspace().RequireRateLimiting(IdentityModule.SignInLimit);

    private static async Task<Results<Ok<MeView>, ProblemHttpResult>> Handle(
        SignInRequest request, HttpContext http, UserManager<User> users, UsersDbContext db, SignInManager<User> signIn, IDocumentStore store, OutboxedSessionFactory sessions,
        IMessageBus outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        var email = request.Email?.Trim() ?? "";
        var password = request.Password ?? "";
        if (email.Length is 0 or > 254 || password.Length is 0 or > 1024)
            return Problems.Invalid("Enter your email and password.", new Dictionary<string, string[]>
            {
                [email.Length is 0 or > 254 ? "email" : "password"] = ["Required (up to 254 characters for an email, 1024 for a password)."],
            });

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            // The same work as a wrong password, so the answer's timing does not tell which emails have accounts.
            users.PasswordHasher.HashPassword(new User(), password);
            return Problems.Unauthorized(WrongCredentials);
        }
        var outcome = await PasswordCheck.CheckAsync(users, db, user, password);
        await SignInAudit.RecordAsync(sessions, outbox, user, outcome == PasswordOutcome.Right ? "signed in" : "sign-in failed",
            outcome switch { PasswordOutcome.Right => null, PasswordOutcome.LockedOut => "locked out", _ => "wrong password" }, clock.GetUtcNow(), cancellationToken);
        if (outcome == PasswordOutcome.LockedOut)
        {
            var wait = Math.Max(1, (int)Math.Ceiling(((user.LockoutEnd ?? clock.GetUtcNow()) - clock.GetUtcNow()).TotalSeconds));
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return Problems.TooManyRequests($"This account is locked after repeated failed sign-ins; try again in {Math.Ceiling(wait / 60.0)} minute(s).");
        }
        if (outcome == PasswordOutcome.Wrong) return Problems.Unauthorized(WrongCredentials);

        await signIn.SignInAsync(user, isPersistent: false);
        return TypedResults.Ok(await MeView.OfAsync(await signIn.CreateUserPrincipalAsync(user), store, cancellationToken));
    }
}

public static class SignOutEndpoint
{
    public static void MapSignOut(this IEndpointRouteBuilder session) =>
        session.MapDelete("/", (Func<HttpContext, Task<NoContent>>)Handle).WithName("SignOut").WithSummary("Sign out (ends the session cookie)").AllowAnonymous().WithoutWorkspace();

    private static async Task<NoContent> Handle(HttpContext http)
    {
        await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.SignOutAsync(http, IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }
}
