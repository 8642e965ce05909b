using System.Net.Http.Json;
using Modular.Testing;

namespace Modular.Tests.Runs;

/// <summary>A node whose plugins folder holds a plugin whose operations throw, never end, or block their thread.</summary>
public sealed class MisbehavingPluginTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modular-misbehaving-" + Guid.NewGuid().ToString("N")[..8]);
    private PlatformHost _host = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Copy(Path.Combine(RepositoryPaths.Root, "plugins", "Modular.Connectors.Rest", "bin"), "Modular.Connectors.Rest");
        Copy(Path.Combine(RepositoryPaths.Root, "tests", "TestPlugins", "Modular.Connectors.Misbehaving", "bin"), "Modular.Connectors.Misbehaving");
        _host = await PlatformHost.StartAsync(new Dictionary<string, string?> { ["Plugins:Path"] = _folder, ["Plugins:Watch"] = "false" });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private void Copy(string built, string name)
    {
        var target = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }

    [Theory]
    [InlineData("await misbehaving.throws();", "misbehaving.throws failed: The plugin's operation broke.")]
    [InlineData("await misbehaving.hangs();", "longer than its time limit")]
    [InlineData("await misbehaving.blocks();", "longer than its time limit")]
    public async Task An_operation_that_throws_hangs_or_blocks_fails_its_run_and_the_host_goes_on(string code, string error)
    {
        var runs = new RunsClient(await _host.NewWorkspaceClientAsync("Misbehaving"));
        var action = await runs.ActiveActionAsync(code);
        (await runs.Http.PutAsJsonAsync($"/api/actions/{action}/run-settings", new { timeoutSeconds = 2 }, Cancel)).EnsureSuccessStatusCode();

        var ended = await runs.WaitForEndAsync(await runs.StartRunAsync(action));

        ended.GetProperty("status").GetString().ShouldBe("failed");
        ended.GetProperty("error").GetString()!.ShouldContain(error);
        (await runs.GetAsync(await runs.RunToEndAsync("log('after');"))).GetProperty("status").GetString().ShouldBe("succeeded");
        (await (await _host.Client.GetAsync("/health", Cancel)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task An_operation_that_throws_when_run_by_api_is_a_bad_gateway_with_its_reason()
    {
        var client = await _host.NewWorkspaceClientAsync("Misbehaving by API");

        var answer = await client.PostAsJsonAsync("/api/connectors/misbehaving/operations/throws/run", new { input = new { } }, Cancel);

        var problem = await answer.ShouldBeProblemAsync(System.Net.HttpStatusCode.BadGateway);
        problem.GetProperty("detail").GetString()!.ShouldContain("The plugin's operation broke.");
        (await (await _host.Client.GetAsync("/health", Cancel)).ReadJsonAsync()).GetProperty("status").GetString().ShouldBe("Healthy");
    }
}
