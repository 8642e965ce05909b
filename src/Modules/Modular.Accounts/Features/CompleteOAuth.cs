using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Modular.Accounts.OAuth;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Audit;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Modular.Plugins.Sdk;
using Npgsql;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Marten;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;

namespace Modular.Accounts.Features;

/// <summary>
/// Where the provider sends the pop-up back. The state is used once (deleted as it is read), must come
/// back in the browser that started it, within ten minutes; the code is exchanged with the PKCE
/// verifier, the account is identified at the provider and stored with its tokens sealed. Reconnecting
/// (or connecting the same portal again) keeps the account's id, so its actions keep working. The page
/// tells its opener (postMessage to the platform's own origin) and closes; opened without an opener
/// (a blocked pop-up, the same tab), it links back to the console.
/// </summary>
public static class CompleteOAuthEndpoint
{
    public const string Path = "api/accounts/oauth/callback";
    private static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(15);

    public static void MapCompleteOAuth(this IEndpointRouteBuilder app) =>
        app.MapGet("/" + Path, Handle).WithName("CompleteOAuth").WithTags("Accounts")
            .WithSummary("The OAuth 2.0 redirect URL: finishes connecting the account and tells the console")
            .AllowAnonymous().WithoutWorkspace();

    private static async Task<IResult> Handle(
        HttpContext http, IDocumentStore store, NpgsqlDataSource database, IConnectorCatalog catalog, OAuthClients clients, AccountVault vault, IDataProtectionProvider protection,
        IHttpClientFactory httpClients, IWolverineRuntime wolverine, PublicAddress address, TimeProvider clock, ILogger<OAuthAttempt> logger, CancellationToken cancellationToken,
        string? state = null, string? code = null, string? error = null)
    {
        var origin = address.BaseUrl.GetLeftPart(UriPartial.Authority);
        OAuthPage Fail(string message) => new(origin, false, message, null);

        if (state is not { Length: > 0 and <= 200 }) return Fail("This page was opened without the sign-in it belongs to. Start connecting the account again from the console.");
        var attempt = await TakeAsync(store, database, StartOAuthEndpoint.Hash(state), cancellationToken);
        http.Response.Cookies.Delete(StartOAuthEndpoint.BrowserCookie, new CookieOptions { Path = "/" + Path });
        if (attempt is null || attempt.ExpiresAt < clock.GetUtcNow())
            return Fail("This sign-in is no longer valid: it was used already or is more than ten minutes old. Start connecting the account again.");
        if (http.Request.Cookies[StartOAuthEndpoint.BrowserCookie] is not { } browser
            || !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(StartOAuthEndpoint.Hash(browser)), Convert.FromHexString(attempt.BrowserHash)))
            return Fail("This sign-in was started in another browser. Start connecting the account again here.");
        var connector = catalog.FindConnector(attempt.ConnectorId);
        var provider = connector?.AuthMethods.FirstOrDefault(a => a.Kind == AuthKind.OAuth2)?.OAuth2;
        if (connector is null || provider is null || clients.For(attempt.ConnectorId) is not { } client)
            return Fail($"The '{attempt.ConnectorId}' connector is no longer set up for OAuth 2.0 on this platform.");
        if (error is not null)
            return Fail(error == "access_denied"
                ? $"{connector.DisplayName} access was not allowed, so no account was connected."
                : $"{connector.DisplayName} refused the sign-in ({SafeText.Clean(error, 100)}).");
        if (code is not { Length: > 0 and <= 2000 }) return Fail($"{connector.DisplayName} sent back no authorization code.");

        var vendor = httpClients.CreateClient(AccountsModule.HttpClient);
        OAuth2Tokens tokens;
        OAuth2Identity identity;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProviderTimeout);
            var verifier = protection.CreateProtector(StartOAuthEndpoint.VerifierPurpose).Unprotect(attempt.ProtectedVerifier);
            var fields = new Dictionary<string, string>
            {
                ["code"] = code,
                ["redirect_uri"] = address.For(Path),
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.ClientSecret,
                ["code_verifier"] = verifier,
            };
            if (provider.SendsGrantTypeWithCode) fields["grant_type"] = "authorization_code";
            var answer = await OAuthTokenCalls.PostAsync(vendor, provider.TokenUrl(connector.BaseUrls), fields, timeout.Token);
            var read = provider.ReadTokenAnswer(answer);
            if (read.Tokens is null)
                return Fail($"{connector.DisplayName} refused to complete the sign-in ({SafeText.Clean(read.Error ?? "no token", 100)}). Start connecting the account again.");
            tokens = read.Tokens;
            identity = await provider.IdentifyAsync(vendor, connector.BaseUrls, tokens, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail($"{connector.DisplayName} did not answer within {ProviderTimeout.TotalSeconds:0} seconds. Try again in a moment.");
        }
        catch (Exception failure) when (failure is HttpRequestException or EgressException or JsonException or InvalidOperationException or CryptographicException or ConnectorCallException)
        {
            logger.LogWarning("Completing a {Connector} sign-in failed: {Reason}", connector.Id, failure.Message);
            return Fail($"{connector.DisplayName} could not be reached or answered unexpectedly, so no account was connected. Try again in a moment.");
        }

        await using var session = store.LightweightSession(attempt.WorkspaceId);
        var account = attempt.AccountId is not null
            ? await session.LoadAsync<ConnectedAccount>(attempt.AccountId, cancellationToken)
            : await session.Query<ConnectedAccount>().FirstOrDefaultAsync(a => a.ConnectorId == connector.Id && a.ExternalId == identity.Id, cancellationToken);
        if (attempt.AccountId is not null && account is null)
            return Fail("The account being reconnected was disconnected meanwhile. Connect it as a new account.");
        if (account is not null && account.ExternalId != identity.Id)
            return Fail($"You signed in as {SafeText.Clean(identity.Name, 200)}, but '{account.DisplayName}' is {account.ExternalName}. Sign in as that one to reconnect it, or connect a new account.");

        var now = clock.GetUtcNow();
        var connected = account is null;
        account ??= new ConnectedAccount
        {
            Id = Guid.CreateVersion7().ToString("N"),
            ConnectorId = connector.Id,
            Method = nameof(AuthKind.OAuth2),
            DisplayName = attempt.Name ?? SafeText.Clean(identity.Name, 100),
            ExternalId = identity.Id,
            ConnectedBy = attempt.StartedBy,
            ConnectedAt = now,
        };
        account.ExternalName = SafeText.Clean(identity.Name, 200);
        account.NeedsReconnecting = false;
        account.Demo = client.Demo;
        if (!connected) (account.UpdatedBy, account.UpdatedAt) = (attempt.StartedBy, now);
        // A public route: no workspace session was resolved, so the outbox is made on this one.
        var outbox = new MartenOutbox(wolverine, session);
        outbox.Enroll(session);
        session.Store(account);
        session.Store(vault.Seal(account.Id, OAuthSecrets.Of(tokens, now)));
        await outbox.RecordAsync(new Audited(attempt.WorkspaceId, attempt.StartedBy, connected ? "account connected" : "account reconnected",
            $"account {account.Id}", $"{connector.DisplayName}: {account.ExternalName}", now));
        await session.SaveChangesAsync(cancellationToken);
        return new OAuthPage(origin, true, $"Your {connector.DisplayName} account {account.ExternalName} is connected.", account.Id);
    }

    /// <summary>
    /// Reads and deletes the attempt in one autocommitted statement (not in a session's transaction, which
    /// a refusal would roll back), so a state replayed, even at once, is used once.
    /// </summary>
    private static async Task<OAuthAttempt?> TakeAsync(IDocumentStore store, NpgsqlDataSource database, string id, CancellationToken cancellationToken)
    {
        var table = store.Options.FindOrResolveDocumentType(typeof(OAuthAttempt)).TableName.QualifiedName;
        await using var command = database.CreateCommand($"delete from {table} where id = $1 returning data::text");
        command.Parameters.AddWithValue(id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? store.Options.Serializer().FromJson<OAuthAttempt>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))) : null;
    }

    /// <summary>The pop-up's page: it says what happened, tells the console that opened it, and closes.</summary>
    private sealed class OAuthPage(string origin, bool connected, string message, string? accountId) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Response.StatusCode = connected ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.ContentSecurityPolicy = $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            // System.Text.Json escapes <, > and & (and quotes): the data cannot end the script it is written into.
            var result = JsonSerializer.Serialize(new { type = "modular.oauth", connected, accountId, message });
            var html = HtmlEncoder.Default;
            await http.Response.WriteAsync($$"""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>{{(connected ? "Account connected" : "Account not connected")}}</title></head>
                <body style="font-family: system-ui, sans-serif; margin: 3rem;">
                <h1>{{(connected ? "Account connected" : "Account not connected")}}</h1>
                <p role="{{(connected ? "status" : "alert")}}">{{html.Encode(message)}} You can close this window.</p>
                <p><a href="{{html.Encode(origin)}}/accounts">Back to the accounts</a></p>
                <script nonce="{{nonce}}">
                  if (window.opener) { window.opener.postMessage({{result}}, {{JsonSerializer.Serialize(origin)}}); window.close(); }
                </script>
                </body></html>
                """);
        }
    }
}
