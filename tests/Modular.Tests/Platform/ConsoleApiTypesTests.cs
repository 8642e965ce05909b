using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Testing;

namespace Modular.Tests.Platform;

/// <summary>
/// The console's API types are generated from web/openapi.json (npm run api-types), so the console
/// fails to build when the API changes under it, provided that file is the host's document. A change
/// of the API rewrites it here and fails once: commit it with the change (and fix what no longer builds).
/// </summary>
public sealed class ConsoleApiTypesTests(PlatformFixture platform)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, IndentSize = 2 };

    [Fact]
    public async Task The_consoles_copy_of_the_openapi_document_is_the_hosts()
    {
        var served = JsonNode.Parse(await platform.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!.AsObject();
        // The address the test host listens on is no part of the API.
        served.Remove("servers");
        var expected = served.ToJsonString(Indented) + "\n";
        var path = Path.Combine(RepositoryPaths.Root, "web", "openapi.json");
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken) : "";

        if (committed != expected) await File.WriteAllTextAsync(path, expected, TestContext.Current.CancellationToken);

        committed.ShouldBe(expected, "web/openapi.json is not the host's OpenAPI document; it has been rewritten: build the console (npm run build) and commit it");
    }
}
