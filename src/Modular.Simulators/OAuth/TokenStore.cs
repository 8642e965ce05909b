using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Modular.Simulators.OAuth;

/// <summary>
/// What a user allowed an app: one identity, one client, the scopes. Its tokens hang off it, so revoking it ends
/// all of them at once (Google's and Slack's revocation, and a user removing the app at the vendor).
/// </summary>
internal sealed class Grant(string vendor, string clientId, DemoIdentity identity, IReadOnlyList<string> scopes, bool offline, bool isStatic = false)
{
    private int _revoked;

    public string Vendor { get; } = vendor;
    public string ClientId { get; } = clientId;
    public DemoIdentity Identity { get; } = identity;
    public IReadOnlyList<string> Scopes { get; } = scopes;
    /// <summary>Google's access_type=offline: whether the code exchange hands out a refresh token.</summary>
    public bool Offline { get; } = offline;
    /// <summary>The grant behind a vendor's static token (a private-app or bot token), which nothing revokes.</summary>
    public bool IsStatic { get; } = isStatic;
    public bool Revoked => Volatile.Read(ref _revoked) == 1;

    public void Revoke()
    {
        if (!IsStatic) Interlocked.Exchange(ref _revoked, 1);
    }
}

internal sealed class AccessToken(string value, Grant grant, DateTimeOffset issuedAt, TimeSpan lifetime)
{
    private long _expiresAtTicks = (issuedAt + lifetime).UtcTicks;

    public string Value { get; } = value;
    public Grant Grant { get; } = grant;
    /// <summary>What the token answer's expires_in says: the whole lifetime, in seconds.</summary>
    public int ExpiresIn { get; } = (int)lifetime.TotalSeconds;
    public DateTimeOffset ExpiresAt => new(Interlocked.Read(ref _expiresAtTicks), TimeSpan.Zero);

    /// <summary>Brings the expiry forward to <paramref name="now"/>, never back.</summary>
    public bool ExpireBy(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        for (var current = Interlocked.Read(ref _expiresAtTicks); current > ticks; current = Interlocked.Read(ref _expiresAtTicks))
            if (Interlocked.CompareExchange(ref _expiresAtTicks, ticks, current) == current) return true;
        return false;
    }
}

internal sealed record RefreshToken(string Value, Grant Grant);

internal enum AccessState { Active, Expired, Revoked, Unknown }

/// <summary>A who-am-I lookup: the token's state, and for a known one its grant and seconds left.</summary>
internal sealed record AccessLookup(AccessState State, Grant? Grant = null, DateTimeOffset ExpiresAt = default, int ExpiresIn = 0);

/// <summary>Every grant and token the simulators issued, in memory; a restart forgets them, as a simulator may.</summary>
internal sealed class TokenStore
{
    private readonly TimeProvider _clock;
    private readonly SimulatorSettings _settings;
    private readonly ConcurrentDictionary<string, AccessToken> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshToken> _refresh = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Grant, byte> _grants = new();
    private readonly Dictionary<string, (VendorProfile Vendor, Grant Grant)> _static = new(StringComparer.Ordinal);

    public TokenStore(TimeProvider clock, SimulatorSettings settings, IEnumerable<VendorProfile> vendors)
    {
        _clock = clock;
        _settings = settings;
        foreach (var vendor in vendors)
            _static[vendor.StaticToken] = (vendor, new Grant(vendor.Key, settings.Client(vendor).ClientId, vendor.Identities[0], vendor.StaticTokenScopes, offline: false, isStatic: true));
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    public Grant NewGrant(string vendor, string clientId, DemoIdentity identity, IReadOnlyList<string> scopes, bool offline)
    {
        var grant = new Grant(vendor, clientId, identity, scopes, offline);
        _grants[grant] = 0;
        return grant;
    }

    public AccessToken NewAccessToken(VendorProfile vendor, Grant grant, string prefix = "")
    {
        var token = new AccessToken(prefix + Secret(), grant, Now, _settings.AccessTokenLifetime(vendor));
        _access[token.Value] = token;
        return token;
    }

    public RefreshToken NewRefreshToken(Grant grant, string value)
    {
        var token = new RefreshToken(value, grant);
        _refresh[token.Value] = token;
        return token;
    }

    public AccessLookup FindAccess(VendorProfile vendor, string? value)
    {
        if (value is null) return new AccessLookup(AccessState.Unknown);
        // A static token is always fresh: it reports a whole lifetime left, as a newly issued one would.
        if (_static.TryGetValue(value, out var fixedToken) && fixedToken.Vendor == vendor)
        {
            var lifetime = _settings.AccessTokenLifetime(vendor);
            return new AccessLookup(AccessState.Active, fixedToken.Grant, Now + lifetime, (int)lifetime.TotalSeconds);
        }
        if (!_access.TryGetValue(value, out var token) || token.Grant.Vendor != vendor.Key) return new AccessLookup(AccessState.Unknown);
        if (token.Grant.Revoked) return new AccessLookup(AccessState.Revoked, token.Grant);
        var left = token.ExpiresAt - Now;
        return left > TimeSpan.Zero
            ? new AccessLookup(AccessState.Active, token.Grant, token.ExpiresAt, (int)left.TotalSeconds)
            : new AccessLookup(AccessState.Expired, token.Grant, token.ExpiresAt);
    }

    /// <summary>A refresh token that still works: known, of this vendor and client, its grant not revoked.</summary>
    public RefreshToken? FindRefresh(VendorProfile vendor, string? value, string clientId) =>
        value is not null && _refresh.TryGetValue(value, out var token)
            && token.Grant.Vendor == vendor.Key && token.Grant.ClientId == clientId && !token.Grant.Revoked
            ? token
            : null;

    /// <summary>
    /// Slack's token rotation: the old refresh token stops working and a new one takes its place. Of two refreshes
    /// racing with the same token only one wins; the other is refused as a used token would be.
    /// </summary>
    public RefreshToken? Rotate(RefreshToken old, string newValue) =>
        _refresh.TryRemove(new KeyValuePair<string, RefreshToken>(old.Value, old)) ? NewRefreshToken(old.Grant, newValue) : null;

    /// <summary>Deletes one refresh token and nothing else (HubSpot's DELETE /oauth/v1/refresh-tokens/{token}).</summary>
    public RefreshToken? RemoveRefresh(VendorProfile vendor, string value) =>
        _refresh.TryGetValue(value, out var token) && token.Grant.Vendor == vendor.Key && !token.Grant.Revoked
            && _refresh.TryRemove(new KeyValuePair<string, RefreshToken>(value, token))
            ? token
            : null;

    /// <summary>
    /// Revokes the grant behind an access or refresh token, so all its tokens stop working (Google's revoke, Slack's
    /// auth.revoke). Returns the grant, or null for a token unknown or already revoked.
    /// </summary>
    public Grant? RevokeGrantOf(VendorProfile vendor, string value)
    {
        if (_static.TryGetValue(value, out var fixedToken) && fixedToken.Vendor == vendor) return fixedToken.Grant;
        var grant = _access.TryGetValue(value, out var access) ? access.Grant
            : _refresh.TryGetValue(value, out var refresh) ? refresh.Grant
            : null;
        if (grant is null || grant.Vendor != vendor.Key || grant.Revoked) return null;
        grant.Revoke();
        return grant;
    }

    /// <summary>As when every user removes the app at the vendor: every grant of the vendor is revoked.</summary>
    /// <param name="accountId">Only the grants of this account (a HubSpot portal, a Slack team); every grant when null.</param>
    public int RevokeAll(VendorProfile vendor, string? accountId = null)
    {
        var revoked = 0;
        foreach (var grant in _grants.Keys)
        {
            if (grant.Vendor != vendor.Key || grant.Revoked || accountId is not null && grant.Identity.AccountId != accountId) continue;
            grant.Revoke();
            revoked++;
        }
        return revoked;
    }

    /// <summary>Every access token of the vendor expires now; refresh tokens keep working.</summary>
    public int ExpireAccessTokens(VendorProfile vendor)
    {
        var now = Now;
        return _access.Values.Count(token => token.Grant.Vendor == vendor.Key && token.ExpireBy(now));
    }

    /// <summary>A random, URL-safe secret: 256 bits, so a guess never hits.</summary>
    public static string Secret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
