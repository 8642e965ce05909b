using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

public sealed record UpdateObjectInput(
    [property: Display(Name = "Object type")] CrmObjectType ObjectType,
    [property: Display(Name = "Id")] string Id,
    [property: Display(Name = "Properties", Description = "Only these properties change.")] Dictionary<string, JsonNode?> Properties,
    [property: Display(Name = "Id property", Description = "A unique property the id is a value of, such as email.")] string? IdProperty = null);

/// <summary><c>hubspot.update</c>: changes some properties of a record.</summary>
public sealed class UpdateObject : Operation<UpdateObjectInput, CrmObject>
{
    public override string Id => "hubspot.update";
    public override string DisplayName => "Update a CRM record";
    public override string Description => "Changes the given properties of a contact, company or deal; the others stay as they are.";
    public override string Example => """await hubspot.update({ objectType: "deals", id: input.dealId, properties: { dealstage: "closedwon" } });""";
    public override string Errors => "- `404 OBJECT_NOT_FOUND`: no record has this id.\n- `400 VALIDATION_ERROR`: a property does not exist, or a deal stage is not one of its pipeline's.";

    protected override async Task<CrmObject> RunAsync(OperationContext context, UpdateObjectInput input, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        var url = Crm.Url(context, $"crm/v3/objects/{Crm.Path(input.ObjectType)}/{Uri.EscapeDataString(input.Id)}", ("idProperty", input.IdProperty));
        return Crm.Read(await context.SendJsonAsync(HttpMethod.Patch, url, new JsonObject { ["properties"] = Crm.Properties(input.Properties) }, cancellationToken));
    }
}
