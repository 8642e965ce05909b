using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.Members;

/// <summary>A user's place in a workspace: one role per workspace.</summary>
public sealed record Membership(string Id, string WorkspaceId, Guid UserId, string Email, WorkspaceRole Role, DateTimeOffset JoinedAt)
{
    public static string IdOf(string workspaceId, Guid userId) => $"{workspaceId}/{userId:N}";

    public static Membership Of(string workspaceId, Guid userId, string email, WorkspaceRole role, DateTimeOffset joinedAt) =>
        new(IdOf(workspaceId, userId), workspaceId, userId, email, role, joinedAt);
}
