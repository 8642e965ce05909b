using Modular.Plugins.Sdk;

namespace Modular.Connectors.Rest;

public sealed class RestConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("rest")
        .DisplayName("REST API")
        .Description("Call any HTTP JSON API: choose the method, URL, headers and body.")
        .Category("API")
        .Icon("""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10" fill="#2563eb"/><g fill="none" stroke="#fff" stroke-width="1.5"><circle cx="12" cy="12" r="7.5"/><ellipse cx="12" cy="12" rx="3.2" ry="7.5"/><path d="M4.5 12h15M6 8h12M6 16h12"/></g></svg>""")
        .Auth(ConnectorAuth.None())
        .Auth(ConnectorAuth.ApiKey("API key in a header",
            Field.Text("headerName", "Header name", required: true, placeholder: "X-Api-Key"),
            Field.Secret("apiKey", "API key", required: true),
            Field.Url("baseUrl", "Base URL", help: "Relative URLs in actions are resolved against it; it is called once to test the key."))
            .InHeaderNamedBy("headerName")
            .WithTest(new RestConnectionTest()))
        .Auth(ConnectorAuth.Bearer())
        .Auth(ConnectorAuth.Basic())
        .Operation(new SendRequest())
        .Template(RestTemplates.CallApi)
        .Template(RestTemplates.SendToWebhook)
        .Template(RestTemplates.FetchJsonDocument);
}
