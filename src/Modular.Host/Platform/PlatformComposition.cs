using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.MultiTenancy;
using JasperFx.Resources;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HostFiltering;
using Modular.Accounts;
using Modular.Audit;
using Modular.Actions;
using Modular.Agents;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Egress;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Persistence;
using Modular.BuildingBlocks.Workspaces;
using Modular.Host.Plugins;
using Modular.Identity;
using Modular.Library;
using Modular.Runs;
using Npgsql;
using Scalar.AspNetCore;
using Serilog;
using Serilog.Events;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;
using Wolverine.RDBMS;

namespace Modular.Host.Platform;

/// <summary>
/// The composition root: the host knows each module only through its Add/Map pair. Tests call the
/// same two methods to boot the real host on loopback.
/// </summary>
public static class PlatformComposition
{
    public static WebApplicationBuilder AddModularPlatform(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set. Start the platform with ./run.sh (it prepares PostgreSQL), " +
                "or set ConnectionStrings__Postgres.");

        // Headers are capped (a request over them is 431 before anything reads it): webhooks and the API need little.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}"));

        var source = new NpgsqlDataSourceBuilder(connectionString);
        // Statements run again and again (every run writes the same few): prepared once per connection,
        // PostgreSQL stops parsing and planning them each time. A connection string that sets it wins.
        if (source.ConnectionStringBuilder.MaxAutoPrepare == 0) source.ConnectionStringBuilder.MaxAutoPrepare = 200;
        var dataSource = source.Build();
        builder.Services.AddSingleton(dataSource);

        builder.Services.AddMarten(options =>
            {
                options.Connection(dataSource);
                options.DatabaseSchemaName = "platform";
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                // Workspaces are tenants: every document and event stream carries its workspace.
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Events.DatabaseSchemaName = "events";
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine(wolverine => wolverine.MessageStorageSchemaName = "wolverine")
            .ApplyAllDatabaseChangesOnStartup();

        builder.Host.UseWolverine(options =>
        {
            options.UseRuntimeCompilation();
            // Handlers run through the adaptors generated into Internal/Generated (scripts/codegen.sh writes them; CI checks
            // they are current), so no first message waits for Roslyn to compile one (seconds on a busy node). A
            // handler without one is still generated at run time, and its source written there.
            options.ApplicationAssembly = typeof(PlatformComposition).Assembly;
            options.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
            options.Durability.Mode = DurabilityMode.Balanced;
            // How soon a dead node's accepted work moves to a live node (Wolverine's defaults when unset).
            var durability = builder.Configuration.GetSection("Durability");
            if (durability.GetValue<TimeSpan?>("StaleNodeTimeout") is { } stale) options.Durability.StaleNodeTimeout = stale;
            if (durability.GetValue<TimeSpan?>("HealthCheckPollingTime") is { } health) options.Durability.HealthCheckPollingTime = health;
            if (durability.GetValue<TimeSpan?>("NodeReassignmentPollingTime") is { } reassignment) options.Durability.NodeReassignmentPollingTime = reassignment;
            options.Policies.AutoApplyTransactions();
            options.Policies.UseDurableLocalQueues();
            // Every message here was committed with a change (a fact for another module, runs to execute), and Wolverine's
            // default dead-letters one at its first failure: a lost connection or a lock timeout would drop the fact for good
            // (an action left "used" by an agent that let it go). Tried again, then later, before it is dead-lettered. A
            // duplicate of an accepted message is left to Wolverine's own rule, which discards it.
            options.Policies.OnException(e => e is not PostgresException { TableName: DatabaseConstants.IncomingTable })
                .RetryWithCooldown(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5))
                .Then.ScheduleRetry(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10));
            // One handler per module per message: each module reacts to an event on its own.
            options.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
            options.Durability.MessageIdentity = MessageIdentity.IdAndDestination;
        });
        builder.Services.AddResourceSetupOnStartup(StartupAction.SetupOnly);

        PublicAddress.Configured(builder.Configuration); // a malformed Platform:PublicBaseUrl stops the start
        builder.Services.AddSingleton<PublicAddress>();
        // The Host header is checked against AllowedHosts inside the pipeline (after the status code
        // pages), so a request for another host name is a 400 problem, not the framework's HTML page.
        foreach (var filter in builder.Services.Where(s => s.ServiceType == typeof(IStartupFilter) && s.ImplementationType?.Name == "HostFilteringStartupFilter").ToList())
            builder.Services.Remove(filter);
        builder.Services.Configure<HostFilteringOptions>(options => options.IncludeFailureMessage = false);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddEgressPolicy(builder.Configuration);
        // Sealing first: its check of the master key starts before Data Protection's own start, which would mint a key.
        builder.Services.SealDataProtectionKeys(builder.Configuration);
        builder.Services.AddDataProtection().SetApplicationName("modular");
        builder.Services.PersistDataProtectionKeysInMarten();
        builder.Services.AddScoped<WorkspaceContext>();
        // Queries and sessions resolved from DI inside a request are scoped to its workspace.
        builder.Services.AddScoped<IQuerySession>(services =>
            services.GetRequiredService<IDocumentStore>().QuerySession(services.GetRequiredService<WorkspaceContext>().Id));
        builder.Services.AddScoped<IDocumentSession>(services =>
            services.GetRequiredService<IDocumentStore>().LightweightSession(services.GetRequiredService<WorkspaceContext>().Id));

        builder.Services.AddSingleton<PluginDirectory>();
        builder.Services.AddSingleton<IConnectorCatalog>(services => services.GetRequiredService<PluginDirectory>());
        builder.Services.AddHttpClient(ConnectorCalls.HttpClientName).UseEgressPolicy();
        builder.Services.AddSingleton<ConnectorCalls>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PluginDirectory>());

        // A number is a JSON number: "3" for a version is refused, not read, and the OpenAPI document (whence the console's
        // types) says integer rather than integer-or-string.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres");

        builder.Services
            .AddIdentityModule(builder.Configuration)
            .AddLibraryModule()
            .AddActionsModule()
            .AddAgentsModule()
            .AddAccountsModule()
            .AddRunsModule(builder.Configuration)
            .AddAuditModule();
        builder.Services.AddRateLimitRejection();
        builder.Services.AddConsolePages();

        return builder;
    }

    public static WebApplication UseModularPlatform(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        // Outside the exception handler, the request log sees the status actually answered: a body
        // that cannot be read is the 400 BadRequestExceptionHandler makes of it, not an exception.
        // This host's logger, not Serilog's static one (which the last host built in a process owns).
        app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = RequestLogLevel;
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseHostFiltering();
        app.UseDefaultFiles();
        app.UseConsoleFiles();
        app.UseMiddleware<ApiWriteGuard>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<WorkspaceResolution>();
        app.UseMiddleware<PoisonTextGuard>();

        // The API's description and reference are for signed-in people and API keys, like the API itself.
        app.MapOpenApi();
        // Scalar's scripts are served by the host (no CDN); nothing else leaves the machine: no proxy for
        // "try it" requests (the API is on this origin), no fonts from its CDN, no telemetry or AI agent.
        app.MapScalarApiReference("/api-reference", options => options
            .WithProxy("")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce());
        app.MapHealthChecks("/health", new() { ResponseWriter = DatabaseHealthCheck.WriteJson }).AllowAnonymous();
        app.MapRunsPublicEndpoints();
        app.MapIdentityPublicEndpoints();
        app.MapAccountsPublicEndpoints();

        var api = app.MapGroup("/api");
        api.MapIdentityEndpoints();
        api.MapLibraryEndpoints();
        api.MapActionsEndpoints();
        api.MapAgentsEndpoints();
        api.MapAccountsEndpoints();
        api.MapRunsEndpoints();
        api.MapAuditEndpoints();
        // Unknown API routes are problems, not the console's index page.
        api.MapFallback("{*path}", () => TypedResults.Problem(title: "Not found", detail: "No API endpoint matches this path.", statusCode: StatusCodes.Status404NotFound))
            .ExcludeFromDescription().WithoutWorkspace();

        // The console's pages (its router decides which to show, sign-in included); its files are served before authentication.
        app.MapConsolePages();
        return app;
    }

    /// <summary>Server errors are errors; a caller's mistake (4xx) is information, logged without an exception.</summary>
    public static LogEventLevel RequestLogLevel(HttpContext http, double elapsedMs, Exception? exception) =>
        exception is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error : LogEventLevel.Information;
}
