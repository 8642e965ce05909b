using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.Audit.Features;
using Wolverine;

namespace Modular.Audit;

/// <summary>The audit log: every module's <see cref="BuildingBlocks.Audit.Audited"/> facts, kept per workspace for its admins.</summary>
public static class AuditModule
{
    public const string Schema = "audit";

    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<AuditEntry>().DatabaseSchemaName(Schema).SingleTenanted()
            .Duplicate(e => e.WorkspaceId).Duplicate(e => e.At));
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(AuditModule).Assembly));
        return services;
    }

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGroup("/audit").WithTags("Audit").MapReadAudit();
        return api;
    }
}
