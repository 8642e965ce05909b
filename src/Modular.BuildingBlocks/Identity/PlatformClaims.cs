using System.Security.Claims;

namespace Modular.BuildingBlocks.Identity;

/// <summary>The claims a signed-in caller carries, whichever way they signed in.</summary>
public static class PlatformClaims
{
    /// <summary>Set on an API key's or OAuth client's principal: the one workspace it works in.</summary>
    public const string Workspace = "modular:workspace";

    /// <summary>Set on an API key's or OAuth client's principal: the role it was created with.</summary>
    public const string Role = "modular:role";

    /// <summary>Set on an OAuth access token's principal: the client's id.</summary>
    public const string OAuthClient = "modular:oauth_client";

    /// <summary>Set on an API key's principal: the key's id (its hash prefix, never the key).</summary>
    public const string ApiKey = "modular:api_key";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static string? Email(this ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.Email);

    /// <summary>
    /// An API key or an OAuth access token: it works in its one workspace, and never acts for the person
    /// behind it beyond that (no workspaces, keys, clients or invitations of their own).
    /// </summary>
    public static bool IsMachine(this ClaimsPrincipal principal) => principal.FindFirst(Workspace) is not null;
}
