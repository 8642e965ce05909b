using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Identity;
using Modular.Identity.OAuthClients;
using OpenIddict.Validation.AspNetCore;

namespace Modular.Identity.ApiKeys;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: an API key, or an OAuth access token from <c>/connect/token</c>.
/// Both are checked on every request (the key, or the token's client), so a revocation counts at once
/// on every node. The last-used time is written at most once a minute per key and node.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    ApiKeyUses uses) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var key)) return AuthenticateResult.NoResult();
        if (key.Length is 0 or > 4096) return AuthenticateResult.Fail("The API key or access token is malformed.");

        await using var session = store.QuerySession();
        var hash = ApiKey.HashOf(key);
        var found = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        var now = TimeProvider.GetUtcNow();
        if (found is null) return await AccessTokenAsync(session);
        if (!found.WorksAt(now))
            return AuthenticateResult.Fail(found.RevokedAt is not null ? "The API key was revoked." : "The API key has expired.");

        await uses.RecordAsync(found.Id, now, Context.RequestAborted);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, found.UserId.ToString()),
            new Claim(ClaimTypes.Name, $"{found.UserEmail} (API key '{found.Name}')"),
            new Claim(ClaimTypes.Email, found.UserEmail),
            new Claim(PlatformClaims.Workspace, found.WorkspaceId),
            new Claim(PlatformClaims.Role, found.Role.ToString()),
            new Claim(PlatformClaims.ApiKey, found.Id.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>Not an API key: an OAuth access token, then, whose client must still exist.</summary>
    private async Task<AuthenticateResult> AccessTokenAsync(IQuerySession session)
    {
        var token = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (!token.Succeeded || token.Principal.FindFirstValue(PlatformClaims.OAuthClient) is not { } clientId || !Guid.TryParse(clientId, out var id))
            return AuthenticateResult.Fail("The API key or access token is not known (or has expired).");
        var client = await session.LoadAsync<OAuthClient>(id, Context.RequestAborted);
        if (client is null || client.RevokedAt is not null) return AuthenticateResult.Fail("The OAuth client of this access token was deleted.");

        var identity = new ClaimsIdentity(
            token.Principal.Claims.Where(c => c.Type is ClaimTypes.NameIdentifier or ClaimTypes.Name or ClaimTypes.Email
                or PlatformClaims.Workspace or PlatformClaims.Role or PlatformClaims.OAuthClient).Select(c => new Claim(c.Type, c.Value)),
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Unauthorized(result.Failure?.Message ?? PlatformAuthentication.SignInFirst).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden("Your role does not allow this.").ExecuteAsync(Context);

    /// <summary>"Bearer", alone or followed by a space: an empty key is still an attempt with a key, refused as malformed.</summary>
    public static bool HasBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) && (header.Length == 6 || header[6] == ' ');
    }

    private static bool TryReadBearer(HttpRequest request, out string key)
    {
        var header = request.Headers.Authorization.ToString();
        key = HasBearer(request) ? header[6..].Trim() : "";
        return HasBearer(request);
    }
}

/// <summary>Last-used times, written at most once a minute per key from this node.</summary>
internal sealed class ApiKeyUses(IDocumentStore store)
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _written = new();

    public async Task RecordAsync(Guid keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_written.TryGetValue(keyId, out var last) && now - last < Every) return;
        _written[keyId] = now;
        await using var session = store.LightweightSession();
        session.Store(new ApiKeyUse(keyId, now));
        await session.SaveChangesAsync(cancellationToken);
    }
}
