using System.Text.Json.Nodes;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Modular.Actions.Contracts;
using Modular.Actions.Domain;
using Modular.BuildingBlocks.Connectors;
using Modular.BuildingBlocks.Http;
using Modular.BuildingBlocks.Workspaces;
using Wolverine;
using Wolverine.Marten;

namespace Modular.Actions.Features;

/// <summary>The intent page's Confirm for a new action: it is created as a draft from the template.</summary>
public sealed record CreateActionRequest(string? TemplateId, string? Name, string? Intent, JsonObject? IntentFields, string? AccountId);

public static class CreateActionEndpoint
{
    public static void MapCreateAction(this IEndpointRouteBuilder actions) =>
        actions.MapPost("/", Handle).WithName("CreateAction").WithSummary("Create an action from a template, as a draft");

    private static async Task<Results<Created<ActionView>, ProblemHttpResult>> Handle(
        CreateActionRequest request, HttpContext http, IDocumentSession session, IMartenOutbox outbox, IConnectorCatalog catalog,
        WorkspaceContext workspace, ActionEditor editor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var entry = string.IsNullOrWhiteSpace(request.TemplateId) ? null : catalog.FindTemplate(request.TemplateId);
        if (entry is null)
        {
            violations.Add("/templateId", string.IsNullOrWhiteSpace(request.TemplateId)
                ? "Choose a template from the library."
                : $"No installed template has the id '{request.TemplateId}'.");
            ActionRules.CheckName(request.Name, violations);
            return Problems.Invalid("The action cannot be created.", violations.ToDictionary());
        }

        var intentFields = request.IntentFields ?? [];
        ActionRules.CheckIntent(request.Name, request.Intent, intentFields, entry.Template, violations);
        await AccountCheck.VerifyAsync(outbox, session, workspace.Id, request.AccountId, entry.Connector.Id, violations, cancellationToken);
        if (violations.Any) return Problems.Invalid("The action cannot be created.", violations.ToDictionary());

        var actor = Actor.Name(http);
        var now = clock.GetUtcNow();
        var action = new ActionDefinition
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Intent = request.Intent!.Trim(),
            IntentFields = intentFields,
            TemplateId = entry.Template.Id,
            TemplateName = entry.Template.Name,
            TemplateVersion = entry.Connector.Version,
            ConnectorId = entry.Connector.Id,
            Type = entry.Type,
            AccountId = request.AccountId,
            Configuration = FieldValues.Defaults(entry.Template.ConfigurationFields),
            CreatedAt = now,
            CreatedBy = actor,
        };
        action.Touch(actor, now);
        ActionRules.Regenerate(action, entry.Template);

        outbox.Enroll(session);
        session.Insert(action);
        await editor.RecordCreatedAsync(action, actor);
        await outbox.PublishAsync(new ActionCreated(action.Id, action.TemplateId, now), new DeliveryOptions { TenantId = workspace.Id });
        await session.SaveChangesAsync(cancellationToken);

        action.Version = 1;
        http.Response.Headers.ETag = ExpectedVersion.ETag(action.Version);
        return TypedResults.Created($"/api/actions/{action.Id}", ActionView.From(action, catalog));
    }
}
