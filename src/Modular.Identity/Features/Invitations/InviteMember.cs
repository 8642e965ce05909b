using System.Security.Cryptography;
using Marten;
using Wolverine.Marten;
using Modular.BuildingBlocks.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.ApiKeys;
using Modular.Identity.Features.Members;
using Modular.Identity.Invitations;
using MembersLock = Modular.Identity.Members.MembersLock;
using Modular.Identity.Users;

namespace Modular.Identity.Features.Invitations;

public sealed record InviteMemberRequest(string? Email, string? Role);

public sealed record InvitationView(Guid Id, string Email, string Role, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static InvitationView From(Invitation invitation) =>
        new(invitation.Id, invitation.Email, invitation.Role.Describe(), invitation.InvitedBy, invitation.CreatedAt, invitation.ExpiresAt);
}

/// <summary>The invitation, with its link: shown once, to copy and send (only its hash is kept); emailed too when SMTP is configured.</summary>
public sealed record CreatedInvitationView(Guid Id, string Email, string Role, string InvitedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string Link, bool Emailed);

public static class InviteMemberEndpoint
{
    public static void MapInviteMember(this IEndpointRouteBuilder invitations) =>
        invitations.MapPost("/", Handle).WithName("InviteMember").WithSummary("Invite someone by email; answers the invitation link, once")
            .RequireRole(WorkspaceRole.Admin);

    private static async Task<Results<Created<CreatedInvitationView>, ProblemHttpResult>> Handle(
        InviteMemberRequest request, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, PublicAddress address,
        IOptions<SmtpSettings> smtp, IDataProtectionProvider protection, TimeProvider clock, CancellationToken cancellationToken)
    {
        var email = request.Email?.Trim() ?? "";
        var violations = new Violations();
        if (!EmailAddress.IsValid(email)) violations.Add("email", "Enter a valid email address.");
        if (!Roles.TryParse(request.Role, out var role)) violations.Add("role", Roles.Choices);
        if (violations.Any) return Problems.Invalid("The invitation cannot be made.", violations.ToDictionary());
        if (role > workspace.Role)
            return Problems.Forbidden($"You can invite with a role up to your own ({workspace.Role.Describe()}).");

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var invitation = new Invitation(Guid.CreateVersion7(), ApiKey.HashOf(token), workspace.Id, email, role, Actor.Name(http), now, now + Invitation.ValidFor);
        var link = address.For("invitations/" + token);
        await using var session = store.LightweightSession();
        session.Insert(invitation);
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, invitation.InvitedBy, "member invited", email, role.Describe(), now));
        var emailed = smtp.Value.IsConfigured;
        if (emailed)
            await outbox.PublishAsync(new EmailInvitation(invitation.Id, protection.CreateProtector(EmailInvitation.ProtectorPurpose).Protect(link)));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/invitations/{invitation.Id}", new CreatedInvitationView(
            invitation.Id, email, role.Describe(), invitation.InvitedBy, now, invitation.ExpiresAt, link, emailed));
    }
}

public static class ListInvitationsEndpoint
{
    public static void MapListInvitations(this IEndpointRouteBuilder invitations) =>
        invitations.MapGet("/", Handle).WithName("ListInvitations").WithSummary("Invitations not yet accepted, cancelled or expired").RequireRole(WorkspaceRole.Admin);

    private static async Task<Ok<IReadOnlyList<InvitationView>>> Handle(WorkspaceContext workspace, IDocumentStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var session = store.QuerySession();
        var open = await session.Query<Invitation>()
            .Where(i => i.WorkspaceId == workspace.Id && i.AcceptedAt == null && i.CancelledAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<InvitationView>>(open.Select(InvitationView.From).ToList());
    }
}

public static class CancelInvitationEndpoint
{
    public static void MapCancelInvitation(this IEndpointRouteBuilder invitations) =>
        invitations.MapDelete("/{id:guid}", Handle).WithName("CancelInvitation").WithSummary("Cancel an invitation: its link stops working").RequireRole(WorkspaceRole.Admin);

    private static async Task<Results<NoContent, ProblemHttpResult>> Handle(
        Guid id, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await MembersLock.TakeAsync(session, workspace.Id, cancellationToken);
        var invitation = await session.LoadAsync<Invitation>(id, cancellationToken);
        if (invitation is null || invitation.WorkspaceId != workspace.Id) return Problems.NotFound("Invitation", id.ToString());
        if (invitation.AcceptedAt is null && invitation.CancelledAt is null)
        {
            session.Store(invitation with { CancelledAt = clock.GetUtcNow() });
            outbox.Enroll(session);
            await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "invitation cancelled", invitation.Email, invitation.Role.Describe(), clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.NoContent();
    }
}
