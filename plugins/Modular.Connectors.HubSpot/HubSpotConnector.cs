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
        .Auth(ConnectorAuth.OAuth("HubSpot account", new HubSpotOAuth()));
}
