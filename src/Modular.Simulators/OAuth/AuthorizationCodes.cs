using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Modular.Simulators.OAuth;

/// <summary>What the user allowed on the consent page, which the code stands for until it is exchanged.</summary>
internal sealed record CodeRequest(
    string Vendor,
    string ClientId,
    string RedirectUri,
    string? CodeChallenge,
    IReadOnlyList<string> Scopes,
    DemoIdentity Identity,
    bool Offline);

internal enum Redemption { Redeemed, Invalid, RedirectMismatch, VerifierMismatch }

/// <summary>
/// Authorization codes: random, single use, 60 seconds, bound to the client, the redirect URI and the PKCE challenge.
/// </summary>
internal sealed class AuthorizationCodes(TokenStore tokens)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    // A used code is kept a while after it expires, so that its reuse is told apart and its grant revoked.
    private static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);

    private sealed class Entry(CodeRequest request, DateTimeOffset expiresAt)
    {
        private int _used;
        public CodeRequest Request { get; } = request;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public Grant? Grant { get; set; }
        public bool TryUse() => Interlocked.Exchange(ref _used, 1) == 0;
    }

    public string Issue(CodeRequest request)
    {
        var now = tokens.Now;
        foreach (var (code, entry) in _codes)
            if (entry.ExpiresAt + KeptAfterExpiry < now) _codes.TryRemove(code, out _);
        var value = TokenStore.Secret();
        _codes[value] = new Entry(request, now + Lifetime);
        return value;
    }

    /// <summary>
    /// Exchanges a code for a new grant. Any attempt uses the code up, so a wrong verifier cannot be retried; a second
    /// use revokes the grant the first one made (RFC 6749 4.1.2: the code may have been stolen).
    /// </summary>
    /// <param name="redirectRequired">
    /// HubSpot and Google want the redirect_uri again; Slack checks it only when sent ("must match the originally
    /// submitted URI (if one was sent)").
    /// </param>
    public (Redemption Outcome, Grant? Grant) Redeem(VendorProfile vendor, string? code, string clientId, string? redirectUri, bool redirectRequired, string? codeVerifier)
    {
        if (code is null || !_codes.TryGetValue(code, out var entry) || entry.Request.Vendor != vendor.Key) return (Redemption.Invalid, null);
        if (!entry.TryUse())
        {
            entry.Grant?.Revoke();
            return (Redemption.Invalid, null);
        }
        var request = entry.Request;
        if (entry.ExpiresAt <= tokens.Now || request.ClientId != clientId) return (Redemption.Invalid, null);
        if (redirectUri is null ? redirectRequired : redirectUri != request.RedirectUri) return (Redemption.RedirectMismatch, null);
        if (!Pkce.Matches(request.CodeChallenge, codeVerifier)) return (Redemption.VerifierMismatch, null);
        entry.Grant = tokens.NewGrant(vendor.Key, clientId, request.Identity, request.Scopes, request.Offline);
        return (Redemption.Redeemed, entry.Grant);
    }

    /// <summary>Pending codes of the vendor stop working too when every grant is revoked.</summary>
    public void ForgetAll(VendorProfile vendor)
    {
        foreach (var (code, entry) in _codes)
            if (entry.Request.Vendor == vendor.Key) _codes.TryRemove(code, out _);
    }
}

/// <summary>PKCE (RFC 7636) with S256, the only method the simulators take: the platform always sends it.</summary>
internal static class Pkce
{
    /// <summary>An S256 challenge is the base64url of a SHA-256: 43 characters.</summary>
    public static bool IsValidChallenge(string challenge) =>
        challenge.Length == 43 && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A verifier is 43 to 128 unreserved characters (RFC 7636 4.1).</summary>
    public static bool IsValidVerifier(string verifier) =>
        verifier.Length is >= 43 and <= 128 && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');

    /// <summary>
    /// Without a challenge no verifier may come either (a client that sends one believes PKCE protects it, and it
    /// does not); with one, the verifier must hash to it.
    /// </summary>
    public static bool Matches(string? challenge, string? verifier)
    {
        if (challenge is null) return verifier is null;
        if (verifier is null || !IsValidVerifier(verifier)) return false;
        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
