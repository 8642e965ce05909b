using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Modular.Host.Platform;

namespace Modular.Testing;

/// <summary>
/// The real host (the same composition as Program.cs) listening on a free loopback port, on its own
/// fresh PostgreSQL database.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private PlatformHost(WebApplication app, TestDatabase database, PartnerServer partner, MailSink mail, SimulatorHost simulators, Uri address)
    {
        App = app;
        _database = database;
        Partner = partner;
        Mail = mail;
        Simulators = simulators;
        Address = address;
        Client = TestIdentity.WithApiKey(address, TestIdentity.OwnerApiKey);
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    /// <summary>Signed in with the seeded owner's API key (the workspace "main"); the public routes ignore it.</summary>
    public HttpClient Client { get; }
    /// <summary>The one loopback server this host's egress policy lets scripts call.</summary>
    public PartnerServer Partner { get; }
    /// <summary>The SMTP server this host emails invitations through.</summary>
    public MailSink Mail { get; }
    /// <summary>The vendors' simulators, which this host's OAuth connectors (HubSpot) sign in with; their access tokens live 30 s, so every run refreshes one.</summary>
    public SimulatorHost Simulators { get; }
    public IServiceProvider Services => App.Services;
    public string ConnectionString => _database.ConnectionString;

    /// <summary>The setup code the host printed at start (a host started without a seeded owner prints one).</summary>
    public string? SetupCode => Services.GetRequiredService<SetupCodeSink>().Code;

    /// <param name="seedOwner">Whether the owner is seeded from configuration (<see cref="TestIdentity"/>); without it, the host prints a setup code.</param>
    public static async Task<PlatformHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        bool seedOwner = true)
    {
        var database = await TestDatabase.CreateAsync();
        var partner = await PartnerServer.StartAsync();
        var mail = await MailSink.StartAsync();
        var simulators = await SimulatorHost.StartAsync(new Dictionary<string, string?> { ["Simulators:AccessTokenLifetimeSeconds"] = "30" });
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ContentRootPath = RepositoryPaths.HostProject,
                EnvironmentName = "Testing",
            });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = database.ConnectionString,
                ["Plugins:Path"] = RepositoryPaths.Plugins,
                ["Plugins:Watch"] = "false",
                ["Serilog:MinimumLevel:Default"] = "Warning",
                ["Egress:Allow:0"] = $"127.0.0.1:{partner.Address.Port}",
                ["Egress:Allow:1"] = $"127.0.0.1:{simulators.Address.Port}",
                ["Connectors:hubspot:BaseUrls:auth"] = simulators.Address + "hubspot/app",
                ["Connectors:hubspot:BaseUrls:api"] = simulators.Address + "hubspot/api",
                ["Connectors:hubspot:OAuth:ClientId"] = "demo-hubspot-client",
                ["Connectors:hubspot:OAuth:ClientSecret"] = "demo-hubspot-secret",
                ["Connectors:hubspot:OAuth:Demo"] = "true",
                ["Connectors:google-sheets:BaseUrls:accounts"] = simulators.Address + "google/accounts",
                ["Connectors:google-sheets:BaseUrls:oauth2"] = simulators.Address + "google/oauth2",
                ["Connectors:google-sheets:BaseUrls:sheets"] = simulators.Address + "google/sheets",
                ["Connectors:google-sheets:OAuth:ClientId"] = "demo-google-client",
                ["Connectors:google-sheets:OAuth:ClientSecret"] = "demo-google-secret",
                ["Connectors:google-sheets:OAuth:Demo"] = "true",
                // Wati has no base URL of its own: each account's API endpoint points at the simulator's tenant (wati/{tenantId}).
                ["Connectors:pipes:BaseUrls:graphql"] = simulators.Address + "pipefy/graphql",
                ["Connectors:slack:BaseUrls:slack"] = simulators.Address + "slack",
                ["Connectors:slack:OAuth:ClientId"] = "demo-slack-client",
                ["Connectors:slack:OAuth:ClientSecret"] = "demo-slack-secret",
                ["Connectors:slack:OAuth:Demo"] = "true",
                // Every test calls from 127.0.0.1, many at once: the limits are raised (the rate-limit test sets its own).
                ["Webhooks:RateLimit:PerTokenPerSecond"] = "1000",
                ["Webhooks:RateLimit:PerAddressPerSecond"] = "10000",
                // The hostile-script tests raise recursion to the depth proven safe, as an administrator may.
                ["Runs:Ceilings:MaxRecursion"] = "10000",
            });
            builder.Configuration.AddInMemoryCollection(mail.Settings);
            builder.Configuration.AddInMemoryCollection(seedOwner ? TestIdentity.Settings : TestIdentity.Settings.Where(s => !s.Key.StartsWith("Identity:Owner:", StringComparison.Ordinal)));
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.AddModularPlatform();
            builder.Services.AddSingleton<SetupCodeSink>();
            builder.Services.AddSingleton<Serilog.Core.ILogEventSink>(services => services.GetRequiredService<SetupCodeSink>());
            configureServices?.Invoke(builder.Services);

            var app = builder.Build();
            app.UseModularPlatform();
            await app.StartAsync();

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            var host = new PlatformHost(app, database, partner, mail, simulators, new Uri(address));
            await host.UntilReadyAsync();
            return host;
        }
        catch
        {
            await simulators.DisposeAsync();
            await mail.DisposeAsync();
            await partner.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new workspace the seeded owner created, and a client of the owner's session (cookie) whose requests are scoped to it.</summary>
    public async Task<HttpClient> NewWorkspaceClientAsync(string name = "Test")
    {
        var id = "ws-" + Guid.NewGuid().ToString("N")[..12];
        var client = await TestIdentity.SignInAsync(Address);
        using var response = await client.PostAsJsonAsync("/api/workspaces", new { id, name = $"{name} {id}" });
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Add("X-Workspace", id);
        return client;
    }

    /// <summary>
    /// Someone new invited to <paramref name="workspaceId"/> with <paramref name="role"/> by the owner, who joins
    /// through the invitation link with a password: a client of their session, scoped to that workspace.
    /// </summary>
    public async Task<(HttpClient Client, string Email, Guid UserId)> NewMemberAsync(string workspaceId, string role, string password = "member password 123")
    {
        using var owner = await TestIdentity.SignInAsync(Address);
        owner.DefaultRequestHeaders.Add("X-Workspace", workspaceId);
        var email = $"{role}-{Guid.NewGuid():N}@tests.example";
        using var invited = await owner.PostAsJsonAsync("/api/invitations", new { email, role });
        invited.EnsureSuccessStatusCode();
        var link = (await invited.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("link").GetString()!;
        var member = TestIdentity.Session(Address, new System.Net.CookieContainer());
        using var joined = await member.PostAsJsonAsync($"/api/invitation-links/{link[(link.LastIndexOf('/') + 1)..]}/accept", new { password });
        joined.EnsureSuccessStatusCode();
        var me = await joined.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        member.DefaultRequestHeaders.Add("X-Workspace", workspaceId);
        return (member, email, me.GetProperty("id").GetGuid());
    }

    /// <summary>Waits for the node to say it is ready (its sandbox processes warm up after start), as a load balancer would.</summary>
    private async Task UntilReadyAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var health = await Client.GetAsync("/health");
            if (health.IsSuccessStatusCode) return;
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"The host did not become ready in 60 s: {await health.Content.ReadAsStringAsync()}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Partner.DisposeAsync();
        await Mail.DisposeAsync();
        await Simulators.DisposeAsync();
        await _database.DisposeAsync();
    }
}
