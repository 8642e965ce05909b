using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Features.Session;
using Modular.Identity.FirstStart;
using Modular.Identity.Members;
using Modular.Identity.Users;

namespace Modular.Identity.Features.Setup;

public sealed record SetupStatus(bool OwnerNeeded, string PasswordRules);

public sealed record CreateOwnerRequest(string? Code, string? Email, string? Password, string? WorkspaceName);

public static class GetSetupEndpoint
{
    public static void MapGetSetup(this IEndpointRouteBuilder setup) =>
        setup.MapGet("/", Handle).WithName("GetSetup").WithSummary("Whether the owner account is still to be created, and the password rules")
            .AllowAnonymous().WithoutWorkspace();

    private static async Task<Ok<SetupStatus>> Handle(Owners owners, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SetupStatus(!await owners.AnyUserAsync(cancellationToken), PasswordRules.Text));
}

/// <summary>
/// "Create the owner account": works once, with the setup code the host printed at start, while no
/// user exists. Two attempts at once take turns, so only one owner is ever created this way.
/// </summary>
public static class CreateOwnerEndpoint
{
    public static void MapCreateOwner(this IEndpointRouteBuilder setup) =>
        setup.MapPost("/", Handle).WithName("CreateOwner").WithSummary("Create the owner account with the setup code the host printed")
            .AllowAnonymous().WithoutWorkspace().RequireRateLimiting(IdentityModule.SignInLimit);

    private static async Task<Results<Created<MeView>, ProblemHttpResult>> Handle(
        CreateOwnerRequest request, Owners owners, SignInManager<User> signIn, IDocumentStore store, CancellationToken cancellationToken)
    {
        var email = request.Email?.Trim() ?? "";
        var workspaceName = string.IsNullOrWhiteSpace(request.WorkspaceName) ? "Main" : request.WorkspaceName.Trim();
        var violations = new Violations();
        if (string.IsNullOrWhiteSpace(request.Code)) violations.Add("code", "Enter the setup code the host printed when it started.");
        if (!EmailAddress.IsValid(email)) violations.Add("email", "Enter a valid email address.");
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 1024) violations.Add("password", PasswordRules.Text);
        if (workspaceName.Length > 100) violations.Add("workspaceName", "Up to 100 characters.");
        if (violations.Any) return Problems.Invalid("The owner account cannot be created.", violations.ToDictionary());

        await using var session = store.LightweightSession();
        await MembersLock.TakeAsync(session, "setup", cancellationToken);
        if (await owners.AnyUserAsync(cancellationToken))
            return Problems.Conflict("The owner account exists already: sign in instead.");
        var hash = SetupCode.HashOf(request.Code!);
        if (!await session.Query<SetupCode>().AnyAsync(c => c.Hash == hash, cancellationToken))
            return Problems.Forbidden("The setup code is not the one the host printed at its last start.");

        var (owner, result) = await owners.CreateAsync(email, request.Password!, workspaceName, cancellationToken);
        if (owner is null) return Problems.Invalid("The owner account cannot be created.", IdentityErrors.ByField(result));
        session.DeleteWhere<SetupCode>(_ => true);
        await session.SaveChangesAsync(cancellationToken);

        await signIn.SignInAsync(owner, isPersistent: false);
        return TypedResults.Created("/api/me", await MeView.OfAsync(await signIn.CreateUserPrincipalAsync(owner), store, cancellationToken));
    }
}
