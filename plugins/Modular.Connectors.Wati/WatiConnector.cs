using Modular.Connectors.Wati.Operations;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati;

/// <summary>Wati (WhatsApp Business): every call goes to the account's own API endpoint, with its access token.</summary>
public sealed class WatiConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("wati")
        .DisplayName("Wati")
        .Description("Wati (WhatsApp Business API): send template and session messages, read templates and contacts.")
        .Category("Messaging")
        .Icon("📱")
        .Auth(ConnectorAuth.Bearer("Wati API endpoint and access token",
                Field.Url(WatiApi.EndpointField, "API endpoint", required: true, help: "From Wati: API Docs, e.g. https://live-mt-server.wati.io/123456"))
            .WithTest(new WatiConnectionTest()))
        .Errors(WatiErrors.Instance)
        .Operation(new SendTemplateMessage())
        .Operation(new SendSessionMessage())
        .Operation(new ListTemplates())
        .Operation(new TemplateOptions())
        .Operation(new GetContacts())
        .Template(WatiTemplates.SendTemplateMessage);
}
