using System.Net.Http.Json;
using Modular.Testing;
using Modular.Tests.Messaging;
using Wolverine;

[assembly: AssemblyFixture(typeof(Modular.Tests.PlatformFixture))]

namespace Modular.Tests;

/// <summary>One real host for the whole assembly; tests that write create their own workspace.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private PlatformHost? _host;

    public PlatformHost Host => _host ?? throw new InvalidOperationException("The host has not started.");
    public HttpClient Client => Host.Client;

    public async ValueTask InitializeAsync() =>
        _host = await PlatformHost.StartAsync(configureServices: services =>
            services.ConfigureWolverine(options =>
            {
                // The probe handlers observe what modules publish. They have no pre-generated adaptors: theirs are
                // compiled at run time, and their source is not written into the host's Internal/Generated.
                options.Discovery.IncludeAssembly(typeof(WorkspaceCreatedProbe).Assembly);
                options.CodeGeneration.SourceCodeWritingEnabled = false;
            }));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }

    /// <summary>A new workspace, and a client whose requests are scoped to it.</summary>
    public async Task<HttpClient> NewWorkspaceClientAsync()
    {
        var id = "ws-" + Guid.NewGuid().ToString("N")[..12];
        var response = await Client.PostAsJsonAsync("/api/workspaces", new { id, name = "Test " + id });
        response.EnsureSuccessStatusCode();
        var client = new HttpClient { BaseAddress = Host.Address };
        client.DefaultRequestHeaders.Add("X-Workspace", id);
        return client;
    }
}
