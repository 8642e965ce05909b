using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;

namespace Modular.Runs.Settings;

public sealed record RunSettingsRequest(int? TimeoutSeconds, int? MemoryMegabytes, int? MaxStatements, int? MaxRecursion, string? OnNodeLost = null, int? MaxLogLines = null);

/// <summary>What an action's runs are allowed, as set and as in effect.</summary>
public sealed record RunSettingsView(RunSettingsRequest Overrides, double TimeoutSeconds, long MemoryMegabytes, int MaxStatements, int MaxRecursion, int MaxLogLines);

/// <summary>Per-action limits on time, memory (allocation budget), statements, recursion and log lines.</summary>
public static class ConfigureRunSettingsEndpoint
{
    public static void MapConfigureRunSettings(this IEndpointRouteBuilder api)
    {
        api.MapGet("/actions/{actionId:guid}/run-settings", Get).WithName("GetRunSettings").WithTags("Runs").WithSummary("An action's run limits");
        api.MapPut("/actions/{actionId:guid}/run-settings", Put).WithName("ConfigureRunSettings").WithTags("Runs").WithSummary("Set an action's run limits");
    }

    private static async Task<Results<Ok<RunSettingsView>, ProblemHttpResult>> Get(
        Guid actionId, IQuerySession session, IMessageBus bus, WorkspaceContext workspace, IOptions<RunLimits> defaults, CancellationToken cancellationToken)
    {
        if (!await ActionLookup.ExistsAsync(bus, workspace.Id, actionId, cancellationToken))
            return Problems.NotFound("Action", actionId.ToString());
        return TypedResults.Ok(View(await session.LoadAsync<ActionRunSettings>(actionId, cancellationToken) ?? new ActionRunSettings { Id = actionId }, defaults.Value));
    }

    private static async Task<Results<Ok<RunSettingsView>, ProblemHttpResult>> Put(
        Guid actionId, RunSettingsRequest request, IDocumentSession session, IMessageBus bus, WorkspaceContext workspace,
        IOptions<RunLimits> defaults, IOptions<RunLimitCeilings> ceilings, CancellationToken cancellationToken)
    {
        var settings = new ActionRunSettings
        {
            Id = actionId,
            TimeoutSeconds = request.TimeoutSeconds,
            MemoryMegabytes = request.MemoryMegabytes,
            MaxStatements = request.MaxStatements,
            MaxRecursion = request.MaxRecursion,
            OnNodeLost = request.OnNodeLost,
            MaxLogLines = request.MaxLogLines,
        };
        var violations = new Violations();
        settings.Validate(violations, ceilings.Value, defaults.Value);
        if (violations.Any) return Problems.Invalid("The run settings cannot be saved.", violations.ToDictionary());
        if (!await ActionLookup.ExistsAsync(bus, workspace.Id, actionId, cancellationToken))
            return Problems.NotFound("Action", actionId.ToString());

        session.Store(settings);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(settings, defaults.Value));
    }

    private static RunSettingsView View(ActionRunSettings settings, RunLimits defaults)
    {
        var limits = settings.Apply(defaults);
        return new RunSettingsView(
            new RunSettingsRequest(settings.TimeoutSeconds, settings.MemoryMegabytes, settings.MaxStatements, settings.MaxRecursion, settings.OnNodeLost ?? "fail", settings.MaxLogLines),
            limits.Timeout.TotalSeconds, limits.MemoryBytes / (1024 * 1024), limits.MaxStatements, limits.MaxRecursion, limits.MaxLogLines);
    }
}
