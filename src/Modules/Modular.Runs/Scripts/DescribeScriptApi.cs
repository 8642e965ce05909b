using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;
using Modular.Runs.Sandbox;

namespace Modular.Runs.Scripts;

public sealed record ScriptApiView(IReadOnlyList<ScriptDoc> Globals, IReadOnlyList<ScriptDoc> Connectors);

/// <summary>
/// What an action's script can call: the globals every run gets (the sandbox's own descriptions) and
/// one object per connector whose functions are its operations. The console's editor completes and
/// explains from it, and its script API page lists it.
/// </summary>
public static class DescribeScriptApiEndpoint
{
    public static void MapDescribeScriptApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/script-api", Handle).WithName("DescribeScriptApi").WithTags("Runs").WithSummary("The globals and connector functions an action's script can use");

    private static Ok<ScriptApiView> Handle(IConnectorCatalog catalog) => TypedResults.Ok(new ScriptApiView(
        ScriptApi.Globals,
        [.. catalog.Connectors.OrderBy(c => c.ScriptName, StringComparer.Ordinal).Select(c => new ScriptDoc(
            c.ScriptName, c.ScriptName, $"{c.DisplayName}: {c.Description}",
            [.. c.Operations.Select(o => new ScriptDoc(o.Name, $"await {c.ScriptName}.{o.Name}({{ {string.Join(", ", o.Inputs.Select(i => i.Required ? i.Key : i.Key + "?"))} }})",
                string.IsNullOrWhiteSpace(o.Description) ? o.DisplayName : o.Description))]))]));
}
