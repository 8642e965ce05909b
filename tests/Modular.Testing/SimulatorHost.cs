using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Modular.Simulators;

namespace Modular.Testing;

/// <summary>
/// The vendor simulators (src/Modular.Simulators) in-process on a free loopback port: each vendor's hosts are
/// path prefixes of <see cref="Address"/>, so a connector under test is pointed at them by its base URLs alone.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri address) => (_app, Address) = (app, address);

    /// <summary>The simulators' root, with a trailing slash: <c>hubspot/app/</c>, <c>slack/</c>, … are relative to it.</summary>
    public Uri Address { get; }

    /// <param name="settings">Simulator configuration, e.g. <c>Simulators:AccessTokenLifetimeSeconds</c> or a client's secret.</param>
    public static async Task<SimulatorHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configuration[key] = value;
        var app = SimulatorApp.Build(["--urls", "http://127.0.0.1:0"], configuration);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SimulatorHost(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
