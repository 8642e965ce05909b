using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modular.Actions.Domain;
using Modular.Actions.Features;
using Wolverine;

namespace Modular.Actions;

/// <summary>Actions: created from templates (intent, then configuration), draft/active/paused, update, rename, delete with its safety check.</summary>
public static class ActionsModule
{
    public const string Schema = "actions";

    public static IServiceCollection AddActionsModule(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Schema.For<ActionDefinition>().DatabaseSchemaName(Schema).MultiTenanted().UseNumericRevisions(true)
                .Index(a => a.UpdatedAt).Index(a => a.TemplateId).Index(a => a.AccountId);
            options.Schema.For<ActionChange>().DatabaseSchemaName(Schema).MultiTenanted().Index(c => c.SubjectId);
        });
        services.ConfigureWolverine(options => options.Discovery.IncludeAssembly(typeof(ActionsModule).Assembly));
        services.AddScoped<ActionEditor>();
        return services;
    }

    public static IEndpointRouteBuilder MapActionsEndpoints(this IEndpointRouteBuilder api)
    {
        var actions = api.MapGroup("/actions").WithTags("Actions");
        actions.MapCreateAction();
        actions.MapListActions();
        actions.MapGetAction();
        actions.MapUpdateActionIntent();
        actions.MapUpdateActionConfiguration();
        actions.MapPublishAction();
        actions.MapChangeActionState();
        actions.MapRenameAction();
        actions.MapEditActionCode();
        actions.MapGetActionHistory();
        actions.MapRestoreActionVersion();
        actions.MapDeleteAction();
        return api;
    }
}
