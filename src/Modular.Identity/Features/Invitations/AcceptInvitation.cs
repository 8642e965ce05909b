using Marten;
using Wolverine;
using Wolverine.Marten.Publishing;
using Modular.BuildingBlocks.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Identity.Features.Session;
using Modular.Identity.Invitations;
using Modular.Identity.Members;
using Modular.Identity.Users;
using Modular.Identity.Workspaces;

namespace Modular.Identity.Features.Invitations;

/// <summary>What the invitation page shows before it is accepted.</summary>
public sealed record InvitationLinkView(string WorkspaceId, string WorkspaceName, string Email, string Role, DateTimeOffset ExpiresAt, bool AccountExists, string PasswordRules);

public sealed record AcceptInvitationRequest(string? Password);

/// <summary>
/// The public invitation page's two calls. A link that is unknown, expired, cancelled or used answers
/// 404, all alike. Someone new chooses a password and is signed in; someone with an account signs in
/// as that account first, then accepts.
/// </summary>
public static class InvitationLinkEndpoints
{
    public const string NotValid = "This invitation link is not valid: it may have expired, been cancelled or been used already.";

    public static void MapInvitationLinks(this IEndpointRouteBuilder links)
    {
        links.MapGet("/{token}", Read).WithName("ReadInvitation").WithSummary("The invitation behind a link")
            .AllowAnonymous().WithoutWorkspace().RequireRateLimiting(IdentityModule.SignInLimit);
        links.MapPost("/{token}/accept", Accept).WithName("AcceptInvitation").WithSummary("Join the workspace (choosing a password if you have no account)")
            .AllowAnonymous().WithoutWorkspace().RequireRateLimiting(IdentityModule.SignInLimit);
    }

    private static async Task<Results<Ok<InvitationLinkView>, ProblemHttpResult>> Read(
        string token, IDocumentStore store, UserManager<User> users, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var invitation = await OpenAsync(session, token, clock, cancellationToken);
        if (invitation is null) return Gone();
        var workspace = await session.LoadAsync<Workspace>(invitation.WorkspaceId, cancellationToken);
        return TypedResults.Ok(new InvitationLinkView(invitation.WorkspaceId, workspace?.Name ?? invitation.WorkspaceId, invitation.Email, invitation.Role.Describe(), invitation.ExpiresAt,
            await users.FindByEmailAsync(invitation.Email) is not null, PasswordRules.Text));
    }

    private static async Task<Results<Ok<MeView>, ProblemHttpResult>> Accept(
        string token, AcceptInvitationRequest request, HttpContext http, IDocumentStore store, OutboxedSessionFactory sessions, IMessageBus outbox,
        UserManager<User> users, SignInManager<User> signIn, TimeProvider clock, CancellationToken cancellationToken)
    {
        // No workspace is resolved for this public route: the session is enlisted in the bus's outbox here.
        await using var session = sessions.OpenSession(outbox);
        var invitation = await OpenAsync(session, token, clock, cancellationToken);
        if (invitation is null) return Gone();
        await MembersLock.TakeAsync(session, invitation.WorkspaceId, cancellationToken);
        invitation = await session.LoadAsync<Invitation>(invitation.Id, cancellationToken);
        if (invitation is null || !invitation.IsOpenAt(clock.GetUtcNow())) return Gone();

        var user = await users.FindByEmailAsync(invitation.Email);
        if (user is not null)
        {
            if (http.User.IsMachine() || http.User.UserId() != user.Id)
                return Problems.Conflict($"An account with {invitation.Email} exists: sign in as it first, then open the link again.");
        }
        else
        {
            if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 1024)
                return Problems.Invalid("Choose a password for your account.", new Dictionary<string, string[]> { ["password"] = [PasswordRules.Text] });
            user = new User { Id = Guid.CreateVersion7(), UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(user, request.Password);
            if (!created.Succeeded) return Problems.Invalid("The account cannot be created.", IdentityErrors.ByField(created));
        }

        var now = clock.GetUtcNow();
        var existing = await session.LoadAsync<Membership>(Membership.IdOf(invitation.WorkspaceId, user.Id), cancellationToken);
        // Joining again never lowers a role the member has.
        if (existing is null || existing.Role < invitation.Role)
            session.Store(Membership.Of(invitation.WorkspaceId, user.Id, user.Email!, invitation.Role, existing?.JoinedAt ?? now));
        session.Store(invitation with { AcceptedAt = now });
        await outbox.RecordAsync(new Audited(invitation.WorkspaceId, user.Email!, "member joined", user.Email!, $"{invitation.Role.Describe()}, invited by {invitation.InvitedBy}", now));
        await session.SaveChangesAsync(cancellationToken);

        await signIn.SignInAsync(user, isPersistent: false);
        return TypedResults.Ok(await MeView.OfAsync(await signIn.CreateUserPrincipalAsync(user), store, cancellationToken));
    }

    private static async Task<Invitation?> OpenAsync(IQuerySession session, string token, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (token.Length is 0 or > 128) return null;
        var hash = ApiKey.HashOf(token);
        var invitation = await session.Query<Invitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsOpenAt(clock.GetUtcNow()) ? invitation : null;
    }

    private static ProblemHttpResult Gone() => TypedResults.Problem(title: "Invitation not found", detail: NotValid, statusCode: StatusCodes.Status404NotFound);
}
