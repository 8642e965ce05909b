using System.Text.Json;

namespace Modular.Tests.Runs;

/// <summary>The script API the console's editor completes from: the sandbox's own descriptions of what it installs.</summary>
public sealed class ScriptApiTests(PlatformFixture platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_script_api_describes_every_global_a_run_gets_and_each_connector_function()
    {
        var runs = new RunsClient(await platform.NewWorkspaceClientAsync());

        var api = await (await runs.Http.GetAsync("/api/script-api", Cancel)).ReadJsonAsync();
        // What a run's engine has beyond JavaScript's own globals, read from inside a run.
        var runId = await runs.RunToEndAsync("""
            const builtins = new Set(['globalThis', 'undefined', 'NaN', 'Infinity', 'toString']);
            log(JSON.stringify(Object.getOwnPropertyNames(globalThis).filter(n => !builtins.has(n) && /^[a-z]/.test(n) && !['eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape'].includes(n)).sort()));
            """);
        var line = (await RunTests.EventsAsync(runs, runId)).First(e => e.GetProperty("type").GetString() == "LogWritten").GetProperty("data").GetProperty("message").GetString()!;
        var installed = JsonSerializer.Deserialize<List<string>>(line)!;

        var globals = api.GetProperty("globals").EnumerateArray().Select(g => g.GetProperty("name").GetString()!).ToList();
        var connectors = api.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        installed.Order().ShouldBe(globals.Concat(connectors).Order());
        globals.ShouldContain("sleep");
        globals.ShouldContain("waitUntil");
        var rest = api.GetProperty("connectors").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "rest");
        var request = rest.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "request");
        request.GetProperty("signature").GetString()!.ShouldStartWith("await rest.request({ ");
        var documents = api.GetProperty("globals").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "documents");
        documents.GetProperty("members")[0].GetProperty("signature").GetString().ShouldBe("documents.create(name, content, mediaType)");
    }
}
