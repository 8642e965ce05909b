using Modular.Testing;
using Npgsql;

namespace Modular.Tests.Platform;

/// <summary>The Data Protection key ring in PostgreSQL is sealed by a master key kept outside it.</summary>
public sealed class SealedKeyRingTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_dump_holds_no_key_in_the_clear()
    {
        // Signing in uses the ring (the session cookie), so it holds a key by now.
        using (await TestIdentity.SignInAsync(platform.Host.Address)) { }
        await using var connection = new NpgsqlConnection(platform.Host.ConnectionString);
        await connection.OpenAsync(Cancel);
        await using var dump = new NpgsqlCommand("select data::text from platform.mt_doc_dataprotectionkey", connection);
        var keys = new List<string>();
        await using (var reader = await dump.ExecuteReaderAsync(Cancel))
            while (await reader.ReadAsync(Cancel)) keys.Add(reader.GetString(0));

        keys.ShouldNotBeEmpty();
        keys.ShouldAllBe(k => k.Contains("encryptedSecret") && k.Contains("sealed") && !k.Contains("<value>"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("c2hvcnQ=")]
    public async Task A_host_without_a_proper_master_key_does_not_start(string key)
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
            PlatformHost.StartAsync(new Dictionary<string, string?> { ["DataProtection:MasterKey"] = key }));

        refused.Message.ShouldContain("DataProtection:MasterKey");
    }
}
