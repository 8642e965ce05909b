using Modular.Plugins.Sdk;

namespace Modular.Connectors.Rest;

public sealed class RestConnector : ConnectorDefinition
{
    public override void Define(IConnectorBuilder connector) => connector
        .Id("rest")
        .DisplayName("REST API")
        .Description("Call any HTTP JSON API: choose the method, URL, headers and body.")
        .Category("API")
        .Icon("🌐")
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
