using Modular.Testing;
using Modular.Tests.Messaging;
using Wolverine;

[assembly: AssemblyFixture(typeof(Modular.Tests.PlatformFixture))]

namespace Modular.Tests;

/// <summary>One real host for the whole assembly; tests that write create their own workspace.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private PlatformHost? _host;
    private HttpClient? _owner;

    public PlatformHost Host => _host ?? throw new InvalidOperationException("The host has not started.");
    public HttpClient Client => Host.Client;

    public async ValueTask InitializeAsync()
    {
        _host = await PlatformHost.StartAsync(configureServices: services =>
            services.ConfigureWolverine(options =>
            {
                // The probe handlers observe what modules publish. They have no pre-generated adaptors: theirs are
                // compiled at run time, and their source is not written into the host's Internal/Generated.
                options.Discovery.IncludeAssembly(typeof(WorkspaceCreatedProbe).Assembly);
                options.CodeGeneration.SourceCodeWritingEnabled = false;
            }));
        _owner = await TestIdentity.SignInAsync(_host.Address);
    }

    /// <summary>The seeded owner's session (cookie), which may create workspaces.</summary>
    public HttpClient Owner => _owner ?? throw new InvalidOperationException("The host has not started.");

    public async ValueTask DisposeAsync()
    {
        _owner?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
    }

    /// <summary>A new workspace the owner created, and a client of the owner's session whose requests are scoped to it.</summary>
    public Task<HttpClient> NewWorkspaceClientAsync() => Host.NewWorkspaceClientAsync();
}
