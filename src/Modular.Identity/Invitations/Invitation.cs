using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.Invitations;

/// <summary>An invitation to join a workspace with a role. Its link carries a token of which only the hash is stored; it works once, until it expires.</summary>
public sealed record Invitation(
    Guid Id,
    string TokenHash,
    string WorkspaceId,
    string Email,
    WorkspaceRole Role,
    string InvitedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt = null,
    DateTimeOffset? CancelledAt = null)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public bool IsOpenAt(DateTimeOffset now) => AcceptedAt is null && CancelledAt is null && ExpiresAt > now;
}
