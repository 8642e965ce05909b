using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Plugins;

/// <summary>Each test boots its own host over its own plugins folder.</summary>
public sealed class PluginLoaderTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "modular-plugins-" + Guid.NewGuid().ToString("N")[..8]);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    private void CopyPlugin(string builtFolder, string name)
    {
        var target = Path.Combine(_folder, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(builtFolder))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    private static string Built(string root, string name) => Path.Combine(RepositoryPaths.Root, root, name, "bin");

    private Task<PlatformHost> StartHostAsync(bool watch = false) =>
        PlatformHost.StartAsync(new Dictionary<string, string?> { ["Plugins:Path"] = _folder, ["Plugins:Watch"] = watch.ToString() });

    private static async Task<Dictionary<string, JsonElement>> PluginsAsync(PlatformHost host) =>
        (await (await host.Client.GetAsync("/api/plugins", Cancel)).ReadJsonAsync()).EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!);

    [Fact]
    public async Task Loads_good_plugins_and_reports_broken_ones_while_the_host_keeps_running()
    {
        CopyPlugin(Built("plugins", "Modular.Connectors.Rest"), "Modular.Connectors.Rest");
        CopyPlugin(Built("tests/TestPlugins", "Modular.Connectors.Throwing"), "Modular.Connectors.Throwing");
        Directory.CreateDirectory(Path.Combine(_folder, "Corrupt"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "Corrupt", "Corrupt.dll"), "MZ this is not a real assembly"u8.ToArray(), Cancel);
        Directory.CreateDirectory(Path.Combine(_folder, "Empty"));

        await using var host = await StartHostAsync();
        var plugins = await PluginsAsync(host);

        plugins["Modular.Connectors.Rest"].GetProperty("status").GetString().ShouldBe("loaded");
        plugins["Modular.Connectors.Throwing"].GetProperty("status").GetString().ShouldBe("failed");
        plugins["Modular.Connectors.Throwing"].GetProperty("error").GetString()!.ShouldContain("refuses to start");
        plugins["Corrupt"].GetProperty("status").GetString().ShouldBe("failed");
        plugins["Corrupt"].GetProperty("error").GetString()!.ShouldContain("BadImageFormat");
        plugins["Empty"].GetProperty("status").GetString().ShouldBe("failed");
        plugins["Empty"].GetProperty("error").GetString()!.ShouldContain("No Empty.dll");

        var templates = await (await host.Client.GetAsync("/api/library/templates", Cancel)).ReadJsonAsync();
        templates.GetProperty("total").GetInt32().ShouldBe(3);
        var health = await (await host.Client.GetAsync("/health", Cancel)).ReadJsonAsync();
        health.GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task A_plugin_copied_in_while_running_is_loaded_without_a_restart()
    {
        await using var host = await StartHostAsync(watch: true);
        (await (await host.Client.GetAsync("/api/library/templates", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt32().ShouldBe(0);

        CopyPlugin(Built("plugins", "Modular.Connectors.Rest"), "Modular.Connectors.Rest");

        var deadline = DateTime.UtcNow.AddSeconds(15);
        int total;
        do
        {
            await Task.Delay(200, Cancel);
            total = (await (await host.Client.GetAsync("/api/library/templates", Cancel)).ReadJsonAsync()).GetProperty("total").GetInt32();
        }
        while (total == 0 && DateTime.UtcNow < deadline);
        total.ShouldBe(3);
    }
}
