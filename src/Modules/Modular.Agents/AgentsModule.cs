using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.Agents.Domain;
using Modular.Agents.Features;
using Wolverine;

namespace Modular.Agents;

/// <summary>Agents: built from actions, active/paused, test and published modes, AI behaviours.</summary>
public static class AgentsModule
{
    public const string Schema = "agents";

    public static IServiceCollection AddAgentsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Schema.For<Agent>().DatabaseSchemaName(Schema).MultiTenanted().UseNumericRevisions(true);
            options.Schema.For<AgentChange>().DatabaseSchemaName(Schema).MultiTenanted().Index(c => c.SubjectId);
        });
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(AgentsModule).Assembly));
        services.AddScoped<AgentEditor>();
        return services;
    }

    public static IEndpointRouteBuilder MapAgentsEndpoints(this IEndpointRouteBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapCreateAgent();
        agents.MapListAgents();
        agents.MapGetAgent();
        agents.MapUpdateAgent();
        agents.MapAttachAction();
        agents.MapSaveBehaviors();
        agents.MapPublishAgent();
        agents.MapDeleteAgent();
        return api;
    }
}
