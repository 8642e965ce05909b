using Microsoft.Extensions.Configuration;

namespace Modular.Accounts.OAuth;

/// <param name="Demo">The client is a local simulator's (./run.sh points a connector without a real client at the simulators).</param>
public sealed record OAuthClient(string ClientId, string ClientSecret, bool Demo);

/// <summary>
/// The platform's OAuth client at each vendor, from configuration: <c>Connectors:{id}:OAuth:ClientId</c>,
/// <c>:ClientSecret</c> and <c>:Demo</c>. The redirect URL to register at the vendor is the platform's
/// own <c>/api/accounts/oauth/callback</c>.
/// </summary>
public sealed class OAuthClients(IConfiguration configuration)
{
    public OAuthClient? For(string connectorId)
    {
        var section = configuration.GetSection($"Connectors:{connectorId}:OAuth");
        var id = section["ClientId"];
        var secret = section["ClientSecret"];
        return string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(secret) ? null : new OAuthClient(id, secret, section.GetValue("Demo", false));
    }
}
