using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Modular.Runs.Webhooks;

/// <summary>
/// Standard Webhooks signatures: HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}" with the
/// secret's bytes (base64 after "whsec_"). <c>webhook-signature</c> may carry several space-separated
/// "v1,{base64}" signatures (a sender rotating its secret sends old and new): any one that matches
/// is enough. The timestamp must be within <see cref="Tolerance"/> of now, so a captured delivery
/// cannot be replayed later; within the window, replays are answered by the first delivery's run.
/// </summary>
public static class WebhookSignature
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private const int MaxSignatures = 10;

    /// <summary>Null when the delivery is signed with the secret, else why it is refused.</summary>
    public static string? Refusal(string secret, IHeaderDictionary headers, string body, DateTimeOffset now)
    {
        var id = headers["webhook-id"].ToString();
        var timestamp = headers["webhook-timestamp"].ToString();
        var signatures = headers["webhook-signature"].ToString();
        if (id.Length is 0 or > 200 || timestamp.Length == 0 || signatures.Length == 0)
            return "The delivery needs the webhook-id, webhook-timestamp and webhook-signature headers.";
        if (!long.TryParse(timestamp, out var seconds) || seconds < 0 || seconds > 253402300799)
            return "webhook-timestamp is not a Unix time in seconds.";
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return $"webhook-timestamp is more than {Tolerance.TotalMinutes:0} minutes from now.";

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(MaxSignatures))
        {
            var comma = signature.IndexOf(',');
            if (comma < 0 || signature[..comma] != "v1") continue;
            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(signature[(comma + 1)..], given, out var length) && length == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected))
                return null;
        }
        return "The webhook-signature header does not match the body for this action's signing secret.";
    }
}
