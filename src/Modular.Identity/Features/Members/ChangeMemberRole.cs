using Marten;
using Wolverine.Marten;
using Modular.BuildingBlocks.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Identity.Members;

namespace Modular.Identity.Features.Members;

public sealed record ChangeMemberRoleRequest(string? Role);

/// <summary>
/// An admin changes roles up to admin; only an owner makes or unmakes an owner. The last owner
/// cannot be changed (transfer ownership first by making another member owner).
/// </summary>
public static class ChangeMemberRoleEndpoint
{
    public static void MapChangeMemberRole(this IEndpointRouteBuilder members) =>
        members.MapPut("/{userId:guid}/role", Handle).WithName("ChangeMemberRole").WithSummary("Change a member's role").RequireRole(WorkspaceRole.Admin);

    private static async Task<Results<Ok<MemberView>, ProblemHttpResult>> Handle(
        Guid userId, ChangeMemberRoleRequest request, HttpContext http, WorkspaceContext workspace, IDocumentStore store, IMartenOutbox outbox, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!Roles.TryParse(request.Role, out var role))
            return Problems.Invalid("The role cannot be changed.", new Dictionary<string, string[]> { ["role"] = [Roles.Choices] });

        await using var session = store.LightweightSession();
        await MembersLock.TakeAsync(session, workspace.Id, cancellationToken);
        var member = await session.LoadAsync<Membership>(Membership.IdOf(workspace.Id, userId), cancellationToken);
        if (member is null) return Problems.NotFound("Member", userId.ToString());
        if ((role == WorkspaceRole.Owner || member.Role == WorkspaceRole.Owner) && workspace.Role < WorkspaceRole.Owner)
            return Problems.Forbidden("Only an owner can make a member owner or change an owner's role.");
        if (member.Role == WorkspaceRole.Owner && role != WorkspaceRole.Owner && await Roles.OwnersAsync(session, workspace.Id, cancellationToken) == 1)
            return Problems.Conflict("A workspace keeps at least one owner: make another member owner first.");

        var changed = member with { Role = role };
        session.Store(changed);
        outbox.Enroll(session);
        await outbox.RecordAsync(new Audited(workspace.Id, Actor.Name(http), "member role changed", member.Email, $"{member.Role.Describe()} to {role.Describe()}", clock.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(MemberView.From(changed));
    }
}

internal static class Roles
{
    public const string Choices = "One of: viewer, editor, admin, owner.";

    public static bool TryParse(string? text, out WorkspaceRole role)
    {
        role = default;
        return text is not null && text.All(char.IsAsciiLetterLower) && Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role);
    }

    public static Task<int> OwnersAsync(IQuerySession session, string workspaceId, CancellationToken cancellationToken) =>
        session.Query<Membership>().CountAsync(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Owner, cancellationToken);
}
