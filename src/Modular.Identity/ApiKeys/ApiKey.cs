using System.Security.Cryptography;
using System.Text;
using Modular.BuildingBlocks.Workspaces;

namespace Modular.Identity.ApiKeys;

/// <summary>
/// A key for automation, working in one workspace with a role. Only its SHA-256 hash is stored: the
/// key is 256 random bits (or, seeded from configuration, 32 characters or more), so a fast hash
/// suffices and a database dump does not yield it.
/// </summary>
public sealed record ApiKey(
    Guid Id,
    string Hash,
    string Prefix,
    string Name,
    string WorkspaceId,
    Guid UserId,
    string UserEmail,
    WorkspaceRole Role,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    public const int MinimumSeededLength = 32;

    public bool WorksAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public static string NewKey() => "mk_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The first characters, for telling keys apart in a list; too few to guess the rest from.</summary>
    public static string PrefixOf(string key) => key[..Math.Min(8, key.Length)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>When a key was last used, kept apart from the key so that recording a use can never undo a revocation.</summary>
public sealed record ApiKeyUse(Guid Id, DateTimeOffset LastUsedAt);
