using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

public sealed record CreateObjectInput(
    [property: Display(Name = "Object type")] CrmObjectType ObjectType,
    [property: Display(Name = "Properties", Description = "Property names to values, e.g. { email, firstname, lastname } for a contact.")] Dictionary<string, JsonNode?> Properties);

/// <summary><c>hubspot.create</c>: a new contact, company or deal.</summary>
public sealed class CreateObject : Operation<CreateObjectInput, CrmObject>
{
    public override string Id => "hubspot.create";
    public override string DisplayName => "Create a CRM record";
    public override string Description => "Creates a contact, company or deal with the given properties.";
    public override string Example => """const contact = await hubspot.create({ objectType: "contacts", properties: { email: "ada@example.com", firstname: "Ada" } });""";
    public override string Errors => """
        - `409 CONFLICT`: a contact with this email exists already (the message names its id).
        - `400 VALIDATION_ERROR`: a property does not exist or its value does not fit it.
        - `403 MISSING_SCOPES`: the account was connected without the scope to write this object.
        """;

    protected override async Task<CrmObject> RunAsync(OperationContext context, CreateObjectInput input, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        var body = new JsonObject { ["properties"] = Crm.Properties(input.Properties) };
        return Crm.Read(await context.SendJsonAsync(HttpMethod.Post, Crm.Url(context, $"crm/v3/objects/{Crm.Path(input.ObjectType)}"), body, cancellationToken));
    }
}
