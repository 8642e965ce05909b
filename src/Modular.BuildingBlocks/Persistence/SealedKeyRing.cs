using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modular.BuildingBlocks.Persistence;

/// <summary>
/// The master key that seals the Data Protection key ring kept in PostgreSQL (AES-256-GCM), so that a
/// database dump alone yields no key: not the session cookies', the access tokens', nor the webhook
/// secrets'. It lives outside the database (<c>DataProtection:MasterKey</c>, base64 of 32 bytes); every
/// node of a deployment has the same one. To rotate it, the old one goes in
/// <c>DataProtection:PreviousMasterKeys</c> (comma-separated) and the new one in its place: keys sealed by an old
/// one are sealed again by the new one when a node starts.
/// </summary>
public sealed class MasterKey
{
    public const string ConfigurationKey = "DataProtection:MasterKey";
    public const string PreviousConfigurationKey = "DataProtection:PreviousMasterKeys";

    public MasterKey(IConfiguration configuration)
    {
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException(
                $"{ConfigurationKey} is not set. It seals the keys kept in the database; generate one with `head -c 32 /dev/urandom | base64` " +
                "and give every node the same (./run.sh keeps one in .data/master.key).");
        Bytes = Read(text, ConfigurationKey);
        Previous = [.. (configuration[PreviousConfigurationKey] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(previous => Read(previous, PreviousConfigurationKey))];
    }

    internal byte[] Bytes { get; }
    /// <summary>Master keys replaced by this one: keys they sealed are opened, to be sealed again.</summary>
    internal IReadOnlyList<byte[]> Previous { get; }

    private static byte[] Read(string text, string setting)
    {
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(text.Trim(), bytes, out var length) || length != 32)
            throw new InvalidOperationException($"{setting} must be 32 bytes in base64 each (`head -c 32 /dev/urandom | base64`).");
        return bytes[..32].ToArray();
    }
}

internal sealed class SealingXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(Seal(key.Bytes, plaintextElement), typeof(SealingXmlDecryptor));

    internal static XElement Seal(byte[] key, XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var sealedBytes = new byte[plain.Length];
        using (var aes = new AesGcm(key, tag.Length)) aes.Encrypt(nonce, plain, sealedBytes, tag);
        return new XElement("sealed", new XAttribute("version", 1), Convert.ToBase64String([.. nonce, .. tag, .. sealedBytes]));
    }
}

/// <summary>Found by type name in the stored key; Data Protection constructs it with the service provider.</summary>
public sealed class SealingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<MasterKey>();
        // Until the start-up check has sealed it again, a key may still be under a previous master key.
        return TryOpen(key.Bytes, encryptedElement) ?? TryOpenWithPrevious(key, encryptedElement) ?? Open(key.Bytes, encryptedElement);
    }

    internal static XElement? TryOpenWithPrevious(MasterKey key, XElement encryptedElement) =>
        key.Previous.Select(previous => TryOpen(previous, encryptedElement)).FirstOrDefault(plain => plain is not null);

    internal static XElement Open(byte[] key, XElement encryptedElement)
    {
        var all = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[all.Length - 28];
        using (var aes = new AesGcm(key, 16))
            aes.Decrypt(all.AsSpan(0, 12), all.AsSpan(28), all.AsSpan(12, 16), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }

    internal static XElement? TryOpen(byte[] key, XElement encryptedElement)
    {
        try
        {
            return Open(key, encryptedElement);
        }
        catch (Exception error) when (error is CryptographicException or FormatException or ArgumentException or System.Xml.XmlException)
        {
            return null;
        }
    }
}

/// <summary>
/// Tries the master key on the key ring before anything else starts. Keys sealed by a previous master key
/// (<see cref="MasterKey.Previous"/>) are sealed again by this one, so that the previous one can then be dropped.
/// A node given another master key than the nodes that sealed the keys would read no session, token or account
/// secret, and would seal new keys of its own into the shared ring: it refuses to start, saying so. A key ring it
/// opens only in part (a master key changed without the old one given as previous) is reported, and what those
/// keys protected (accounts' secrets among them) shows as unreadable.
/// </summary>
internal sealed class MasterKeyCheck(MasterKey key, Marten.IDocumentStore store, ILogger<MasterKeyCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var keys = await Marten.QueryableExtensions.ToListAsync(session.Query<DataProtectionKey>(), cancellationToken);
        int count = 0, opened = 0, resealed = 0;
        foreach (var stored in keys)
        {
            var xml = XElement.Parse(stored.Xml);
            if (xml.Descendants("sealed").FirstOrDefault() is not { } element) continue;
            count++;
            if (SealingXmlDecryptor.TryOpen(key.Bytes, element) is not null)
            {
                opened++;
                continue;
            }
            if (SealingXmlDecryptor.TryOpenWithPrevious(key, element) is not { } plain) continue;
            element.ReplaceWith(SealingXmlEncryptor.Seal(key.Bytes, plain));
            stored.Xml = xml.ToString(SaveOptions.DisableFormatting);
            session.Store(stored);
            opened++;
            resealed++;
        }
        if (count > 0 && opened == 0)
            throw new InvalidOperationException(
                $"{MasterKey.ConfigurationKey} opens none of the {count} keys of the key ring in the database: this node was given another master key " +
                "than the nodes that sealed them. Start it with their master key (./run.sh keeps it in .data/master.key); with this one it would read no session, token or account secret. " +
                $"To change the master key, give the old one as {MasterKey.PreviousConfigurationKey}.");
        if (resealed > 0)
        {
            await session.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Sealed {Resealed} keys of the key ring again with the new master key; once every node has started with it, {PreviousSetting} can be removed",
                resealed, MasterKey.PreviousConfigurationKey);
        }
        if (opened < count)
            logger.LogCritical(
                "{MasterKeySetting} opens {Opened} of the {Count} keys of the key ring: what the others protected (sessions, tokens, account secrets) is unreadable on this node",
                MasterKey.ConfigurationKey, opened, count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class SealedKeyRingExtensions
{
    /// <summary>Keys written from now on are sealed; a key written before (unsealed) still reads.</summary>
    public static IServiceCollection SealDataProtectionKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new MasterKey(configuration));
        services.AddHostedService<MasterKeyCheck>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlEncryptor = new SealingXmlEncryptor(provider.GetRequiredService<MasterKey>())));
        return services;
    }
}
