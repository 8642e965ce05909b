using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.OAuthClients;

/// <summary>
/// A service client of one workspace, for the OAuth 2.0 client credentials grant. Its secret is 256
/// random bits shown once; only its SHA-256 hash is stored. Tokens it gets carry its role, capped by
/// its creator's current one, and stop working once it is deleted.
/// </summary>
public sealed record OAuthClient(
    Guid Id,
    string ClientId,
    string SecretHash,
    string Name,
    string WorkspaceId,
    Guid UserId,
    string UserEmail,
    WorkspaceRole Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);
