namespace Modular.Testing;

public static class RepositoryPaths
{
    /// <summary>The folder holding Modular.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string HostProject => Path.Combine(Root, "src", "Modular.Host");
    public static string Plugins => Path.Combine(Root, "plugins");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Modular.sln"))) return dir.FullName;
        throw new InvalidOperationException("Modular.sln was not found above " + AppContext.BaseDirectory);
    }
}
