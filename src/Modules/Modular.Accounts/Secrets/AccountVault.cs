using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Modular.Accounts.Domain;
using Modular.Plugins.Sdk;

namespace Modular.Accounts.Secrets;

/// <summary>
/// Seals and opens accounts' secrets with the Data Protection key ring, itself sealed by the master
/// key kept outside the database: a dump of the database alone reads no secret. Secrets that cannot
/// be opened (a node started with another master key) make the account "unreadable", said plainly,
/// rather than a failure deep inside a run.
/// </summary>
public sealed class AccountVault(IDataProtectionProvider protection, ILogger<AccountVault> logger)
{
    private const string Purpose = "Modular.Accounts.Secrets.v1";

    public const string Unreadable =
        "Its secrets cannot be read on this node: they were sealed with another master key (DataProtection:MasterKey). " +
        "Start the node with the master key of the other nodes, or enter the secrets again.";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public AccountSecrets Seal(string accountId, IReadOnlyDictionary<string, string> secrets) =>
        new() { Id = accountId, Protected = _protector.Protect(JsonSerializer.Serialize(secrets)) };

    /// <summary>The secret values, or null when they cannot be opened.</summary>
    public Dictionary<string, string>? Open(AccountSecrets? secrets)
    {
        if (secrets is null) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(secrets.Protected));
        }
        catch (CryptographicException error)
        {
            logger.LogError("The secrets of account {Account} cannot be opened: {Reason}", secrets.Id, error.Message);
            return null;
        }
    }

    /// <summary>The account as a connector operation receives it: its settings and secrets together.</summary>
    public static Plugins.Sdk.ConnectedAccount ForOperation(Domain.ConnectedAccount account, IReadOnlyDictionary<string, string> secrets) =>
        new(account.Id, Enum.Parse<AuthKind>(account.Method), account.Settings.Concat(secrets).ToDictionary());
}
