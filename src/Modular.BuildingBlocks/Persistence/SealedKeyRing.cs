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
/// node of a deployment has the same one.
/// </summary>
public sealed class MasterKey
{
    public const string ConfigurationKey = "DataProtection:MasterKey";

    public MasterKey(IConfiguration configuration)
    {
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text))
            throw new InvalidOperationException(
                $"{ConfigurationKey} is not set. It seals the keys kept in the database; generate one with `head -c 32 /dev/urandom | base64` " +
                "and give every node the same (./run.sh keeps one in .data/master.key).");
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(text.Trim(), bytes, out var length) || length != 32)
            throw new InvalidOperationException($"{ConfigurationKey} must be 32 bytes in base64 (`head -c 32 /dev/urandom | base64`).");
        Bytes = bytes[..32].ToArray();
    }

    internal byte[] Bytes { get; }
}

internal sealed class SealingXmlEncryptor(MasterKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var sealedBytes = new byte[plain.Length];
        using (var aes = new AesGcm(key.Bytes, tag.Length)) aes.Encrypt(nonce, plain, sealedBytes, tag);
        var element = new XElement("sealed", new XAttribute("version", 1), Convert.ToBase64String([.. nonce, .. tag, .. sealedBytes]));
        return new EncryptedXmlInfo(element, typeof(SealingXmlDecryptor));
    }
}

/// <summary>Found by type name in the stored key; Data Protection constructs it with the service provider.</summary>
public sealed class SealingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => Open(services.GetRequiredService<MasterKey>(), encryptedElement);

    internal static XElement Open(MasterKey key, XElement encryptedElement)
    {
        var all = Convert.FromBase64String(encryptedElement.Value);
        var plain = new byte[all.Length - 28];
        using (var aes = new AesGcm(key.Bytes, 16))
            aes.Decrypt(all.AsSpan(0, 12), all.AsSpan(28), all.AsSpan(12, 16), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

/// <summary>
/// Tries the master key on the key ring before anything else starts. A node given another master key
/// than the nodes that sealed the keys would read no session, token or account secret, and would
/// seal new keys of its own into the shared ring: it refuses to start, saying so. A key ring it opens
/// only in part (a master key changed without the old keys re-sealed) is reported, and what those
/// keys protected (accounts' secrets among them) shows as unreadable.
/// </summary>
internal sealed class MasterKeyCheck(MasterKey key, Marten.IDocumentStore store, ILogger<MasterKeyCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var keys = await Marten.QueryableExtensions.ToListAsync(session.Query<DataProtectionKey>(), cancellationToken);
        var sealedKeys = keys.Select(k => XElement.Parse(k.Xml).Descendants("sealed").FirstOrDefault()).OfType<XElement>().ToList();
        var opened = sealedKeys.Count(element =>
        {
            try
            {
                SealingXmlDecryptor.Open(key, element);
                return true;
            }
            catch (Exception error) when (error is CryptographicException or FormatException or ArgumentException or System.Xml.XmlException)
            {
                return false;
            }
        });
        if (sealedKeys.Count > 0 && opened == 0)
            throw new InvalidOperationException(
                $"{MasterKey.ConfigurationKey} opens none of the {sealedKeys.Count} keys of the key ring in the database: this node was given another master key " +
                "than the nodes that sealed them. Start it with their master key (./run.sh keeps it in .data/master.key); with this one it would read no session, token or account secret.");
        if (opened < sealedKeys.Count)
            logger.LogCritical(
                "{MasterKeySetting} opens {Opened} of the {Count} keys of the key ring: what the others protected (sessions, tokens, account secrets) is unreadable on this node",
                MasterKey.ConfigurationKey, opened, sealedKeys.Count);
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
