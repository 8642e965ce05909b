using System.ComponentModel.DataAnnotations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot.Operations;

public sealed record AssociateInput(
    [property: Display(Name = "From type")] CrmObjectType FromType,
    [property: Display(Name = "From id")] string FromId,
    [property: Display(Name = "To type")] CrmObjectType ToType,
    [property: Display(Name = "To id")] string ToId);

public sealed record AssociateResult(string FromId, string ToId, bool Associated);

/// <summary><c>hubspot.associate</c>: links two records with HubSpot's default association (a contact to its company, a deal to its contact).</summary>
public sealed class AssociateObjects : Operation<AssociateInput, AssociateResult>
{
    public override string Id => "hubspot.associate";
    public override string DisplayName => "Associate two CRM records";
    public override string Description => "Links two records with HubSpot's default association between their types (v4 associations API).";
    public override string Example => """await hubspot.associate({ fromType: "deals", fromId: deal.id, toType: "contacts", toId: contact.id });""";
    public override string Errors => "- `404`: one of the records does not exist.";

    protected override async Task<AssociateResult> RunAsync(OperationContext context, AssociateInput input, CancellationToken cancellationToken)
    {
        context.RequireAccount();
        var url = Crm.Url(context, $"crm/v4/objects/{Crm.Path(input.FromType)}/{Uri.EscapeDataString(input.FromId)}/associations/default/{Crm.Path(input.ToType)}/{Uri.EscapeDataString(input.ToId)}");
        await context.SendJsonAsync(HttpMethod.Put, url, null, cancellationToken);
        return new AssociateResult(input.FromId, input.ToId, true);
    }
}
