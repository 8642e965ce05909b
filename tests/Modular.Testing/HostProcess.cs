using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Modular.Testing;

/// <summary>
/// The host as its own operating-system process (the built Modular.Host.dll), so that a test can
/// kill it without warning the way a crash would, and run several nodes on one database.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = TestIdentity.WithApiKey(address, TestIdentity.OwnerApiKey);
    }

    public Uri Address { get; }
    /// <summary>What the process wrote to its standard output and error, line by line.</summary>
    public IReadOnlyCollection<string> Output => _output;
    /// <summary>Signed in with the seeded owner's API key (the workspace "main").</summary>
    public HttpClient Client { get; }

    public static async Task<HostProcess> StartAsync(string connectionString, IDictionary<string, string>? settings = null)
    {
        // The same configuration (Debug or Release) as these tests: bin/<configuration>/net10.0/.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var hostDll = Path.Combine(RepositoryPaths.HostProject, "bin", configuration, "net10.0", "Modular.Host.dll");
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = RepositoryPaths.HostProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Plugins__Path"] = RepositoryPaths.Plugins;
        start.Environment["Plugins__Watch"] = "false";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in TestIdentity.Environment) start.Environment[key] = value;
        // One spelling per setting: given as both "A:B" and "A__B", which one the host reads would be down to hash order.
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(start)!;
        var host = new HostProcess(process, address);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) host._output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) host._output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await host.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        var exited = process.HasExited;
        await host.DisposeAsync();
        throw new InvalidOperationException(
            $"The host process at {address} {(exited ? "exited" : "did not become healthy")}. Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, host._output.TakeLast(30))}");
    }

    /// <summary>Ends the process at once, as a crash or a power cut would: no graceful shutdown.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
