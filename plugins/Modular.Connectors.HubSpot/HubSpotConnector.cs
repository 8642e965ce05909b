using Modular.Connectors.HubSpot.Operations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot;

/// <summary>HubSpot: app.hubspot.com for the consent page, api.hubapi.com for tokens and the CRM.</summary>
public sealed class HubSpotConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("hubspot")
        .DisplayName("HubSpot")
        .Description("HubSpot CRM: contacts, companies and deals of a HubSpot portal.")
        .Category("CRM")
        .Icon("""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#ff7a59"/><g fill="none" stroke="#fff" stroke-width="2"><circle cx="14" cy="14" r="4"/><path d="M14 10V5M11 11L6 7"/></g><circle cx="14" cy="4.5" r="1.8" fill="#fff"/><circle cx="5.5" cy="6.5" r="1.8" fill="#fff"/></svg>""")
        .BaseUrl(HubSpotOAuth.AuthBaseUrl, "https://app.hubspot.com")
        .BaseUrl(HubSpotOAuth.ApiBaseUrl, "https://api.hubapi.com")
        .Auth(ConnectorAuth.OAuth("HubSpot account", new HubSpotOAuth()))
        // HubSpot's burst limit for OAuth apps, and its separate CRM search limit.
        .RateLimit(new RateLimit(100, TimeSpan.FromSeconds(10)))
        .RateLimit(new RateLimit(4, TimeSpan.FromSeconds(1), "/search"))
        .Operation(new SearchObjects())
        .Operation(new SearchAllObjects())
        .Operation(new GetObject())
        .Operation(new CreateObject())
        .Operation(new UpdateObject())
        .Operation(new AssociateObjects())
        .Operation(new DealStages())
        .Operation(new DealStageOptions())
        .Operation(new PipelineOptions())
        .Template(HubSpotTemplates.WeeklySalesReport)
        .Template(HubSpotTemplates.CreateContact)
        .Template(HubSpotTemplates.UpdateDealStage);
}
