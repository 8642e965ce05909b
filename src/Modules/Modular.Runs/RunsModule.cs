using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modular.BuildingBlocks.Egress;
using Modular.Runs.Domain;
using Modular.Runs.Execution;
using Modular.Runs.ManualRuns;
using Modular.Runs.Queueing;
using Modular.Runs.RunLog;
using Modular.Runs.Schedules;
using Modular.Runs.Scripts;
using Modular.Runs.Settings;
using Modular.Runs.Triggers;
using Modular.Runs.Webhooks;
using Wolverine;

namespace Modular.Runs;

/// <summary>Runs: manual, webhook, scheduled and event triggers, sandboxed execution, live logs, stop, documents.</summary>
public static class RunsModule
{
    public const string Schema = "runs";
    public const string Queue = "runs";
    public const string ScheduledRunsQueue = "scheduled-runs";

    public static IServiceCollection AddRunsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RunLimits>(configuration.GetSection("Runs:Limits"));
        services.Configure<RunLimitCeilings>(configuration.GetSection("Runs:Ceilings"));
        services.Configure<RunsOptions>(configuration.GetSection("Runs"));
        services.Configure<RetentionOptions>(configuration.GetSection("Runs:Retention"));
        services.ConfigureMarten(options =>
        {
            // Known up front: the event tables exist from startup, before any stream is written (NewRuns writes them directly).
            options.Events.AddEventTypes([
                typeof(RunQueued), typeof(RunRejected), typeof(RunStarted), typeof(StepStarted), typeof(StepFinished), typeof(LogWritten),
                typeof(ConnectorCalled), typeof(DocumentCreated), typeof(StopRequested), typeof(RunSucceeded), typeof(RunFailed), typeof(RunStopped),
            ]);
            options.Schema.For<Run>().DatabaseSchemaName(Schema).MultiTenanted().Index(r => r.ActionId).Index(r => r.QueuedAt);
            options.Schema.For<RunDocument>().DatabaseSchemaName(Schema).MultiTenanted().Index(d => d.ActionId);
            options.Schema.For<ActionWebhook>().DatabaseSchemaName(Schema).MultiTenanted();
            options.Schema.For<WebhookDelivery>().DatabaseSchemaName(Schema).MultiTenanted();
            options.Schema.For<ActionSchedule>().DatabaseSchemaName(Schema).MultiTenanted()
                .Duplicate(s => s.NextFireAt).Metadata(m => m.TenantId.MapTo(s => s.WorkspaceId));
            options.Schema.For<ActionRunSettings>().DatabaseSchemaName(Schema).MultiTenanted();
            options.Schema.For<RunStopRequest>().DatabaseSchemaName(Schema).MultiTenanted();
            // The public URL names no workspace, so its route is looked up outside any.
            options.Schema.For<WebhookRoute>().DatabaseSchemaName(Schema).SingleTenanted();
            options.Schema.For<ActionTrigger>().DatabaseSchemaName(Schema).MultiTenanted();
            options.Schema.For<TriggerRoute>().DatabaseSchemaName(Schema).SingleTenanted();
        });
        services.ConfigureWolverine(options =>
        {
            options.Discovery.IncludeAssembly(typeof(RunsModule).Assembly);
            var runs = configuration.GetSection("Runs").Get<RunsOptions>() ?? new RunsOptions();
            // Messages only hand runs over: RunSlots bounds what executes, so a message waiting on a busy action holds nothing back.
            options.LocalQueue(Queue).MaximumParallelMessages(Math.Max(1_000, runs.MaxConcurrentRuns));
            options.PublishMessage<ExecuteRuns>().ToLocalQueue(Queue);
            // Scheduled runs are created on their own queue: a backlog of runs to execute does not hold back new ones.
            options.LocalQueue(ScheduledRunsQueue).MaximumParallelMessages(2);
            options.PublishMessage<CreateScheduledRuns>().ToLocalQueue(ScheduledRunsQueue);
        });
        services.AddSingleton<ScriptSandbox>();
        services.AddSingleton<RunStops>();
        services.AddHostedService(provider => provider.GetRequiredService<RunStops>());
        services.AddSingleton<RunSlots>();
        services.AddSingleton<NewRuns>();
        services.AddSingleton<RunRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<RunRetention>());
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<SandboxProcesses>();
        services.AddHostedService(provider => provider.GetRequiredService<SandboxProcesses>());
        services.AddHealthChecks().AddCheck<SandboxHealthCheck>("sandbox");
        services.AddSingleton<RunJournal>();
        services.AddHostedService(provider => provider.GetRequiredService<RunJournal>());
        services.AddScoped<RunStarter>();
        services.AddSingleton<RejectedRunThrottle>();
        services.AddWebhookRateLimits(configuration);
        services.AddSingleton<WebhookRoutes>();
        services.AddSingleton<ScheduleClock>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleClock>());
        return services;
    }

    public static IEndpointRouteBuilder MapRunsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapStartManualRun();
        api.MapViewRuns();
        api.MapListRuns();
        api.MapDescribeScriptApi();
        api.MapListNextScheduledRuns();
        api.MapStreamRunEvents();
        api.MapStopRun();
        api.MapConfigureWebhook();
        api.MapConfigureSchedule();
        api.MapConfigureRunSettings();
        api.MapConfigureTrigger();
        return api;
    }

    /// <summary>Public routes outside /api (no workspace header: the URL itself identifies the action).</summary>
    public static IEndpointRouteBuilder MapRunsPublicEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapReceiveWebhook();
        app.MapReceiveTriggerEvent();
        return app;
    }
}
