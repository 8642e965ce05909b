using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Modular.Testing;

namespace Modular.Tests.Plugins;

/// <summary>A developer outside this repository references the SDK as a NuGet package: it packs with its docs and rules.</summary>
public sealed class PluginSdkPackageTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("modular-sdk-pack-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task The_sdk_packs_with_its_xml_docs_its_readme_and_a_semantic_version()
    {
        var project = Path.Combine(RepositoryPaths.Root, "src", "Modular.Plugins.Sdk", "Modular.Plugins.Sdk.csproj");
        var pack = Process.Start(new ProcessStartInfo("dotnet", ["pack", project, "-c", "Release", "--no-build", "--no-restore", "--nologo", "-nodeReuse:false", "-o", _output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await pack.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await pack.WaitForExitAsync(TestContext.Current.CancellationToken);
        pack.ExitCode.ShouldBe(0, output);

        var package = Directory.GetFiles(_output, "*.nupkg").ShouldHaveSingleItem();
        Path.GetFileName(package).ShouldMatch(@"^Modular\.Plugins\.Sdk\.\d+\.\d+\.\d+\.nupkg$");
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        entries.ShouldContain("lib/net10.0/Modular.Plugins.Sdk.dll");
        entries.ShouldContain("README.md");
        var docs = XDocument.Load(zip.GetEntry("lib/net10.0/Modular.Plugins.Sdk.xml")!.Open());
        docs.Descendants("member").Select(m => (string?)m.Attribute("name")).ShouldContain("T:Modular.Plugins.Sdk.ConnectorIcon");
        using var readme = new StreamReader(zip.GetEntry("README.md")!.Open());
        (await readme.ReadToEndAsync(TestContext.Current.CancellationToken)).ShouldContain("gains a *required* one");
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        nuspec.Descendants().Single(e => e.Name.LocalName == "readme").Value.ShouldBe("README.md");
        // A plugin references nothing else of the platform: the package depends on no other assembly of it.
        nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ShouldAllBe(id => id == null || !id.StartsWith("Modular."));
    }
}
