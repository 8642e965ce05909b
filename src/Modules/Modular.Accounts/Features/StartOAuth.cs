using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Modular.Accounts.Domain;
using Modular.Accounts.OAuth;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.Plugins.Sdk;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;

namespace Modular.Accounts.Features;

/// <param name="AccountId">The account to reconnect (it keeps its id, so its actions keep working); none to connect a new one.</param>
public sealed record StartOAuthRequest(string? Name, string? AccountId);

/// <summary>Where the console opens its pop-up.</summary>
public sealed record OAuthStarted(string AuthorizeUrl, DateTimeOffset ExpiresAt);

/// <summary>
/// Starts connecting an OAuth 2.0 account: the provider's consent URL, with PKCE (S256) and a state
/// used once, bound to this browser by a cookie the callback checks.
/// </summary>
public static class StartOAuthEndpoint
{
    public const string BrowserCookie = "modular.oauth";
    public const string VerifierPurpose = "Modular.Accounts.OAuthVerifier";

    public static void MapStartOAuth(this IEndpointRouteBuilder accounts) =>
        accounts.MapPost("/oauth/{connectorId}/start", Handle).WithName("StartOAuth").WithSummary("Start connecting (or reconnecting) an OAuth 2.0 account: the URL of the provider's consent page");

    private static async Task<Results<Ok<OAuthStarted>, ProblemHttpResult>> Handle(
        string connectorId, StartOAuthRequest request, HttpContext http, IDocumentSession session, IConnectorCatalog catalog, OAuthClients clients,
        PublicAddress address, IDataProtectionProvider protection, TimeProvider clock, CancellationToken cancellationToken)
    {
        var connector = connectorId.Length <= 100 ? catalog.FindConnector(connectorId) : null;
        if (connector is null) return Problems.NotFound("Connector", connectorId);
        if (connector.AuthMethods.FirstOrDefault(a => a.Kind == AuthKind.OAuth2)?.OAuth2 is not { } provider)
            return Problems.Invalid("The account cannot be connected.", new Dictionary<string, string[]> { ["/connectorId"] = [$"{connector.DisplayName} accounts do not connect through OAuth 2.0."] });
        if (clients.For(connector.Id) is not { } client)
            return Problems.Conflict($"Connecting {connector.DisplayName} accounts is not set up on this platform: its administrator sets Connectors__{connector.Id}__OAuth__ClientId and __ClientSecret (the redirect URL to register is {address.For(CompleteOAuthEndpoint.Path)}).");
        var name = request.Name?.Trim();
        if (name is { Length: > 100 })
            return Problems.Invalid("The account cannot be connected.", new Dictionary<string, string[]> { ["/name"] = ["The name is limited to 100 characters."] });
        if (request.AccountId is not null
            && (request.AccountId.Length > 100 || await session.LoadAsync<ConnectedAccount>(request.AccountId, cancellationToken) is not { } account || account.ConnectorId != connector.Id))
            return Problems.Invalid("The account cannot be reconnected.", new Dictionary<string, string[]> { ["/accountId"] = [$"No {connector.DisplayName} account with this id is connected in this workspace."] });

        var state = Base64Url(RandomNumberGenerator.GetBytes(32));
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var browser = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var attempt = new OAuthAttempt
        {
            Id = Hash(state),
            WorkspaceId = session.TenantId,
            ConnectorId = connector.Id,
            StartedBy = Actor.Name(http),
            Name = string.IsNullOrEmpty(name) ? null : name,
            AccountId = request.AccountId,
            ProtectedVerifier = protection.CreateProtector(VerifierPurpose).Protect(verifier),
            BrowserHash = Hash(browser),
            ExpiresAt = now + OAuthAttempt.ValidFor,
        };
        session.Insert(attempt);
        await session.SaveChangesAsync(cancellationToken);

        // Lax: sent on the provider's redirect back (a top-level GET), which a Strict cookie is not.
        http.Response.Cookies.Append(BrowserCookie, browser, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = "/" + CompleteOAuthEndpoint.Path,
            MaxAge = OAuthAttempt.ValidFor,
        });
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = address.For(CompleteOAuthEndpoint.Path),
            ["scope"] = string.Join(provider.ScopeSeparator, provider.Scopes),
            ["state"] = state,
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        };
        foreach (var (key, value) in provider.AuthorizeParameters) parameters[key] = value;
        var url = QueryHelpers.AddQueryString(provider.AuthorizeUrl(connector.BaseUrls).ToString(), parameters);
        return TypedResults.Ok(new OAuthStarted(url, attempt.ExpiresAt));
    }

    internal static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Base64Url(byte[] bytes) => WebEncoders.Base64UrlEncode(bytes);
}
