using System.Reflection;
using McMaster.NETCore.Plugins;
using Modular.BuildingBlocks.Connectors;
using Modular.Plugins.Sdk;

namespace Modular.Host.Plugins;

/// <summary>
/// Loads every connector plugin under the configured folder (<c>Plugins:Path</c>): each sub-folder
/// <c>Name</c> holds <c>Name.dll</c>, directly or in <c>bin/</c>. A plugin that fails to load is
/// reported and skipped; the others still load. A change in the folder reloads the catalogue
/// without a restart.
/// </summary>
public sealed class PluginDirectory(IConfiguration configuration, IHostEnvironment environment, ILogger<PluginDirectory> logger)
    : IConnectorCatalog, IHostedService, IDisposable
{
    private static readonly Type[] SharedTypes = [typeof(ConnectorDefinition)];
    private static readonly TimeSpan ReloadDelay = TimeSpan.FromMilliseconds(500);

    private readonly Lock _reloadLock = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private FileSystemWatcher? _watcher;
    private Timer? _reloadTimer;

    public string RootPath { get; } = Path.GetFullPath(configuration["Plugins:Path"] ?? "plugins", environment.ContentRootPath);

    public IReadOnlyList<ConnectorManifest> Connectors => _snapshot.Connectors;
    public IReadOnlyList<PluginReport> Plugins => _snapshot.Reports;

    public ConnectorManifest? FindConnector(string connectorId) =>
        _snapshot.Connectors.FirstOrDefault(c => c.Id == connectorId);

    public CatalogTemplate? FindTemplate(string templateId) =>
        _snapshot.Templates.GetValueOrDefault(templateId);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Reload();
        if (Directory.Exists(RootPath) && configuration.GetValue("Plugins:Watch", true))
        {
            _reloadTimer = new Timer(_ => Reload());
            // Every change counts, folders included: files copied into a new folder can land before
            // the watcher has started watching that folder.
            _watcher = new FileSystemWatcher(RootPath) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Deleted += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Re-reads the folder; builds write several files, so reloads wait for a quiet moment.</summary>
    private void ScheduleReload() => _reloadTimer?.Change(ReloadDelay, Timeout.InfiniteTimeSpan);

    public void Reload()
    {
        lock (_reloadLock)
        {
            var previous = _snapshot;
            _snapshot = LoadAll();
            foreach (var loader in previous.Loaders) loader.Dispose();
            logger.LogInformation("Loaded {ConnectorCount} connectors from {PluginCount} plugins in {PluginsPath}; {FailedCount} failed",
                _snapshot.Connectors.Count, _snapshot.Reports.Count, RootPath, _snapshot.Reports.Count(r => r.Status == PluginStatus.Failed));
        }
    }

    private Snapshot LoadAll()
    {
        if (!Directory.Exists(RootPath))
        {
            logger.LogWarning("The plugins folder {PluginsPath} does not exist; no connector is loaded", RootPath);
            return Snapshot.Empty;
        }

        var reports = new List<PluginReport>();
        var connectors = new List<ConnectorManifest>();
        var loaders = new List<PluginLoader>();
        foreach (var folder in Directory.GetDirectories(RootPath).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var assemblyPath = new[] { Path.Combine(folder, "bin", name + ".dll"), Path.Combine(folder, name + ".dll") }.FirstOrDefault(File.Exists);
            if (assemblyPath is null)
            {
                reports.Add(Failed(name, folder, $"No {name}.dll in {folder} or its bin/ folder. Build the plugin or remove the folder."));
                continue;
            }

            PluginLoader? loader = null;
            try
            {
                loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: true, SharedTypes, config =>
                {
                    config.PreferSharedTypes = true;
                    // In memory, so a rebuild can replace the files while the host runs.
                    config.LoadInMemory = true;
                });
                var assembly = loader.LoadDefaultAssembly();
                var loaded = Manifests(assembly).ToList();
                if (loaded.Count == 0)
                    throw new InvalidConnectorException($"{name}.dll declares no public ConnectorDefinition.");
                var taken = loaded.FirstOrDefault(m => connectors.Any(c => c.Id == m.Id));
                if (taken is not null)
                    throw new InvalidConnectorException($"Connector id '{taken.Id}' is already supplied by another plugin.");

                connectors.AddRange(loaded);
                loaders.Add(loader);
                reports.Add(new PluginReport(name, assemblyPath, PluginStatus.Loaded, Version(assembly), loaded.Select(m => m.Id).ToArray(), null, DateTimeOffset.UtcNow));
            }
            catch (Exception exception)
            {
                loader?.Dispose();
                var reason = Unwrap(exception);
                logger.LogError(reason, "Plugin {Plugin} at {PluginPath} failed to load", name, assemblyPath);
                reports.Add(Failed(name, assemblyPath, $"{reason.GetType().Name}: {reason.Message}"));
            }
        }

        return new Snapshot(connectors, reports, loaders);
    }

    private IEnumerable<ConnectorManifest> Manifests(Assembly assembly)
    {
        var definitions = assembly.GetExportedTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(ConnectorDefinition).IsAssignableFrom(t));
        foreach (var type in definitions)
        {
            var manifest = ((ConnectorDefinition)Activator.CreateInstance(type)!).Build();
            yield return manifest with { BaseUrls = WithConfiguredBaseUrls(manifest) };
        }
    }

    /// <summary>Connectors:{id}:BaseUrls:{name} points a connector at another server (a simulator in tests).</summary>
    private Dictionary<string, string> WithConfiguredBaseUrls(ConnectorManifest manifest)
    {
        var urls = new Dictionary<string, string>(manifest.BaseUrls, StringComparer.OrdinalIgnoreCase);
        foreach (var overridden in configuration.GetSection($"Connectors:{manifest.Id}:BaseUrls").GetChildren())
            if (!string.IsNullOrWhiteSpace(overridden.Value)) urls[overridden.Key] = overridden.Value;
        return urls;
    }

    private static string? Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString();

    private static Exception Unwrap(Exception exception) =>
        exception is TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : exception;

    private static PluginReport Failed(string name, string path, string error) =>
        new(name, path, PluginStatus.Failed, null, [], error, DateTimeOffset.UtcNow);

    public void Dispose()
    {
        _watcher?.Dispose();
        _reloadTimer?.Dispose();
        foreach (var loader in _snapshot.Loaders) loader.Dispose();
    }

    private sealed record Snapshot(IReadOnlyList<ConnectorManifest> Connectors, IReadOnlyList<PluginReport> Reports, IReadOnlyList<PluginLoader> Loaders)
    {
        public static readonly Snapshot Empty = new([], [], []);

        public IReadOnlyDictionary<string, CatalogTemplate> Templates { get; } = Connectors
            .SelectMany(c => c.Templates.Select(t => new CatalogTemplate(c, t)))
            .ToDictionary(t => t.Template.Id, StringComparer.Ordinal);
    }
}
