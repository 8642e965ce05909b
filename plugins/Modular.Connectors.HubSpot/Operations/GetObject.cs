using System.ComponentModel.DataAnnotations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

public sealed record GetObjectInput(
    [property: Display(Name = "Object type")] CrmObjectType ObjectType,
    [property: Display(Name = "Id", Description = "The record's id, or the value of idProperty (a contact's email).")] string Id,
    [property: Display(Name = "Id property", Description = "A unique property to look the record up by, such as email.")] string? IdProperty = null,
    [property: Display(Name = "Properties")] IReadOnlyList<string>? Properties = null);

/// <summary><c>hubspot.get</c>: one CRM record by id (or by a unique property).</summary>
public sealed class GetObject : Operation<GetObjectInput, CrmObject>
{
    public override string Id => "hubspot.get";
    public override string DisplayName => "Get a CRM record";
    public override string Description => "Reads one contact, company or deal by its id, or by a unique property such as a contact's email.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const contact = await hubspot.get({ objectType: "contacts", id: "ada@acme.example", idProperty: "email" });""";
    public override string Errors => "- `404 OBJECT_NOT_FOUND`: no record has this id.";

    protected override async Task<CrmObject> RunAsync(OperationContext context, GetObjectInput input, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        var url = Crm.Url(context, $"crm/v3/objects/{Crm.Path(input.ObjectType)}/{Uri.EscapeDataString(input.Id)}",
            ("idProperty", input.IdProperty), ("properties", input.Properties is { Count: > 0 } p ? string.Join(",", p) : null));
        return Crm.Read(await context.GetJsonAsync(url, cancellationToken));
    }
}
