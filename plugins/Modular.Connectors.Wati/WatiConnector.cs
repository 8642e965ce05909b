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
        .Icon("""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 0 0-8.6 15.1L2 22l5-1.3A10 10 0 1 0 12 2z" fill="#25d366"/><path d="M8.5 7.5c.4-.5 1-.5 1.3 0l1 1.8c.2.4 0 .8-.3 1.1l-.6.5a7 7 0 0 0 3.2 3.2l.5-.6c.3-.3.7-.5 1.1-.3l1.8 1c.5.3.5.9 0 1.3-1 1-2.4 1.2-3.8.5a10 10 0 0 1-4.7-4.7c-.7-1.4-.5-2.8.5-3.8z" fill="#fff"/></svg>""")
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
