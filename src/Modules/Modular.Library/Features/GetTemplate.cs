using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;

namespace Modular.Library.Features;

public static class GetTemplateEndpoint
{
    public static void MapGetTemplate(this IEndpointRouteBuilder library) =>
        library.MapGet("/templates/{templateId}", Handle).WithName("GetTemplate").WithSummary("One template with its forms");

    private static Results<Ok<TemplateView>, ProblemHttpResult> Handle(string templateId, IConnectorCatalog catalog) =>
        catalog.FindTemplate(templateId) is { } entry
            ? TypedResults.Ok(TemplateView.From(entry))
            : Problems.NotFound("Template", templateId);
}
