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
        .Icon("🟠")
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
