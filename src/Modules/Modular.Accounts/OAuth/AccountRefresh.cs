using System.Globalization;
using Marten;
using Microsoft.Extensions.Logging;
using Modular.Accounts.Domain;
using Modular.Accounts.Secrets;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.Plugins.Sdk;
using Npgsql;
using ConnectedAccount = Modular.Accounts.Domain.ConnectedAccount;

namespace Modular.Accounts.OAuth;

/// <summary>
/// Refreshes an OAuth account's access token before it expires. Refreshes of one account take turns
/// under a transaction-scoped advisory lock, on one node or several, and each reads the secrets again
/// once it holds the lock: the first refreshes, the others find a fresh token, so a rotated refresh
/// token is used once. The new tokens are stored in the same transaction. A refresh the vendor refuses
/// for good marks the account as needing reconnection. A token the vendor refused early (a 401) is
/// refreshed the same way, once, however many calls met the refusal.
/// </summary>
public sealed class AccountRefresh(IDocumentStore store, AccountVault vault, OAuthClients clients, IConnectorCatalog catalog, IHttpClientFactory httpClients,
    TimeProvider clock, ILogger<AccountRefresh> logger)
{
    /// <summary>A token this close to its expiry is refreshed first: a run's calls must not meet its end.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    // The refresh holds the account's turn (and a transaction) while the vendor answers: not for long.
    private static readonly TimeSpan VendorTimeout = TimeSpan.FromSeconds(15);

    public static string NeedsReconnecting(ConnectedAccount account, string? connectorName) =>
        $"The {connectorName ?? account.ConnectorId} account '{account.DisplayName}' needs reconnecting: the vendor no longer accepts its sign-in.";

    public static bool IsDue(IReadOnlyDictionary<string, string> secrets, DateTimeOffset now) =>
        secrets.TryGetValue(OAuthSecrets.ExpiresAt, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expiresAt)
        && expiresAt - Margin <= now;

    /// <summary>The account's secrets with a fresh access token, or why there is none.</summary>
    /// <param name="rejectedAccessToken">An access token the vendor refused before its expiry: refreshed unless it was replaced meanwhile.</param>
    public async Task<(Dictionary<string, string>? Secrets, string? Problem)> RefreshAsync(
        string workspaceId, ConnectedAccount account, CancellationToken cancellationToken, string? rejectedAccessToken = null)
    {
        var connector = catalog.FindConnector(account.ConnectorId);
        var provider = connector?.AuthMethods.FirstOrDefault(a => a.Kind == AuthKind.OAuth2)?.OAuth2;
        if (connector is null || provider is null || clients.For(account.ConnectorId) is not { } client)
            return (null, $"The account '{account.DisplayName}' cannot be refreshed: its connector is no longer set up for OAuth 2.0 on this platform.");

        await using var session = store.LightweightSession(workspaceId);
        await session.BeginTransactionAsync(cancellationToken);
        await using (var turn = new NpgsqlCommand("select pg_advisory_xact_lock(hashtextextended($1, 13))", (NpgsqlConnection)session.Connection!))
        {
            turn.Parameters.AddWithValue($"account-refresh:{workspaceId}/{account.Id}");
            await turn.ExecuteNonQueryAsync(cancellationToken);
        }
        var secrets = vault.Open(await session.LoadAsync<AccountSecrets>(account.Id, cancellationToken));
        if (secrets is null) return (null, $"The account '{account.DisplayName}' cannot be used. {AccountVault.Unreadable}");
        var now = clock.GetUtcNow();
        var rejected = rejectedAccessToken is not null && secrets.GetValueOrDefault(OAuthSecrets.AccessToken) == rejectedAccessToken;
        if (!IsDue(secrets, now) && !rejected) return (secrets, null);
        if (!secrets.TryGetValue(OAuthSecrets.RefreshToken, out var refreshToken)) return (null, await GiveUpAsync(session, account, connector.DisplayName, cancellationToken));

        OAuth2TokenAnswer answer;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VendorTimeout);
        try
        {
            var fields = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.ClientSecret,
            };
            answer = provider.ReadTokenAnswer(await OAuthTokenCalls.PostAsync(httpClients.CreateClient(AccountsModule.HttpClient), provider.TokenUrl(connector.BaseUrls), fields, timeout.Token));
        }
        catch (Exception failure) when (failure is HttpRequestException or EgressException or System.Text.Json.JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Refreshing account {Account} at {Connector} failed: {Reason}", account.Id, connector.Id, failure.Message);
            return (null, $"The {connector.DisplayName} account '{account.DisplayName}' could not be refreshed: {connector.DisplayName} could not be reached. The run can be tried again later.");
        }
        if (answer.Tokens is null)
        {
            // A vendor that is away answers no JSON (http_5xx); one that answers an error code means it.
            if (answer.Error is { } code && code.StartsWith("http_5", StringComparison.Ordinal))
                return (null, $"The {connector.DisplayName} account '{account.DisplayName}' could not be refreshed: {connector.DisplayName} answered {code[5..]}. The run can be tried again later.");
            logger.LogWarning("{Connector} refused to refresh account {Account} ({Error}): it needs reconnecting", connector.Id, account.Id, answer.Error);
            return (null, await GiveUpAsync(session, account, connector.DisplayName, cancellationToken));
        }

        var refreshed = OAuthSecrets.Of(answer.Tokens with { RefreshToken = answer.Tokens.RefreshToken ?? refreshToken }, now);
        session.Store(vault.Seal(account.Id, refreshed));
        await session.SaveChangesAsync(cancellationToken);
        return (refreshed, null);
    }

    private static async Task<string> GiveUpAsync(IDocumentSession session, ConnectedAccount account, string connectorName, CancellationToken cancellationToken)
    {
        account.NeedsReconnecting = true;
        session.Store(account);
        await session.SaveChangesAsync(cancellationToken);
        return NeedsReconnecting(account, connectorName);
    }
}
