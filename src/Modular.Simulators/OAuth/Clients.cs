using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Modular.Simulators.OAuth;

/// <summary>The app registered at a vendor: what the platform is configured with as its client.</summary>
internal sealed record RegisteredClient(string ClientId, string ClientSecret, string AppName);

internal enum ClientCheck { Ok, UnknownClient, BadSecret }

/// <summary>
/// The simulators' settings, read once at start so that a bad value stops the app instead of failing a request:
/// <c>Simulators:Clients:{vendor}:ClientId|ClientSecret|AppName</c> and <c>Simulators:AccessTokenLifetimeSeconds</c>.
/// </summary>
internal sealed class SimulatorSettings
{
    private readonly Dictionary<string, RegisteredClient> _clients = [];
    private readonly TimeSpan? _accessTokenLifetime;

    public SimulatorSettings(IConfiguration configuration, IEnumerable<VendorProfile> vendors)
    {
        foreach (var vendor in vendors)
        {
            var section = configuration.GetSection($"Simulators:Clients:{vendor.Key}");
            _clients[vendor.Key] = new RegisteredClient(
                NonEmpty(section["ClientId"]) ?? $"demo-{vendor.Key}-client",
                NonEmpty(section["ClientSecret"]) ?? $"demo-{vendor.Key}-secret",
                NonEmpty(section["AppName"]) ?? "Modular");
        }
        if (NonEmpty(configuration["Simulators:AccessTokenLifetimeSeconds"]) is { } seconds)
            _accessTokenLifetime = int.TryParse(seconds, out var value) && value > 0
                ? TimeSpan.FromSeconds(value)
                : throw new InvalidOperationException($"Simulators:AccessTokenLifetimeSeconds must be a positive number of seconds, not '{seconds}'.");
    }

    public RegisteredClient Client(VendorProfile vendor) => _clients[vendor.Key];

    /// <summary>One configured lifetime for every vendor (so tests can make tokens expire fast), else the vendor's own.</summary>
    public TimeSpan AccessTokenLifetime(VendorProfile vendor) => _accessTokenLifetime ?? vendor.DefaultAccessTokenLifetime;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal static class ClientAuthentication
{
    /// <summary>
    /// The client's credentials from HTTP Basic (RFC 6749 2.3.1: each part form-encoded, then base64) or else from
    /// the body's client_id and client_secret.
    /// </summary>
    public static (string? Id, string? Secret) Read(HttpRequest request, Func<string, string?> field)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = pair.IndexOf(':');
                if (colon > 0)
                    return (Uri.UnescapeDataString(pair[..colon].Replace('+', ' ')), Uri.UnescapeDataString(pair[(colon + 1)..].Replace('+', ' ')));
            }
            catch (FormatException)
            {
                // Not base64: as if no header had been sent, which then fails as a missing secret.
            }
        }
        return (field("client_id"), field("client_secret"));
    }

    public static ClientCheck Check(RegisteredClient client, string? id, string? secret)
    {
        if (id != client.ClientId) return ClientCheck.UnknownClient;
        // Constant time, as a real server would compare a secret.
        return secret is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(client.ClientSecret))
            ? ClientCheck.Ok
            : ClientCheck.BadSecret;
    }
}
