using Modular.Plugins.Sdk;

namespace Modular.Connectors.Rest;

/// <summary>The REST connector's library templates.</summary>
public static class RestTemplates
{
    private static readonly FieldDefinition Url = Field.Url("url", "URL", required: true,
        help: "Absolute URL, or a path resolved against the account's base URL.", placeholder: "https://api.example.com/v1/items");

    private static readonly FieldDefinition Headers = Field.KeyValue("headers", "Headers", help: "Extra request headers.");

    public static readonly TemplateDefinition CallApi = new(
        Id: "rest.call-api",
        Name: "Call a REST API",
        Description: "Send one HTTP request to any API and keep the response as a document.",
        IntentFields: [],
        ConfigurationFields:
        [
            Field.Select("method", "Method", SendRequest.Methods, required: true, defaultValue: "GET"),
            Url,
            Headers,
            Field.KeyValue("query", "Query parameters"),
            Field.Json("body", "Body", help: "JSON sent with POST, PUT and PATCH. The run's input is used when empty."),
            Field.Boolean("failOnError", "Fail the run on a non-2xx answer", defaultValue: true),
        ],
        Script: """
            const res = await step("Call " + config.method + " " + config.url, () => rest.request({
              method: config.method,
              url: config.url,
              headers: config.headers,
              query: config.query,
              body: config.body ?? input,
            }));
            log("Answered " + res.status);
            documents.create("response.json", JSON.stringify(res.body, null, 2), "application/json");
            if (!res.ok && config.failOnError) throw new Error("The API answered " + res.status);
            """,
        Sop: """
            Sends a {{ config.method ?? "GET" }} request to {{ config.url ?? "the configured URL" }}{{ if config.headers }} with the configured headers{{ end }}.
            {{ if config.body }}The request body is the configured JSON.{{ else }}The request body is the input the run was started with.{{ end }}
            The response body is saved as the document "response.json".
            {{ if config.failOnError != false }}If the API answers with an error status, the run fails.{{ else }}An error status is logged but does not fail the run.{{ end }}
            """);

    public static readonly TemplateDefinition SendToWebhook = new(
        Id: "rest.send-to-webhook",
        Name: "Send data to a webhook",
        Description: "POST a JSON payload built from the run's input to another system's webhook.",
        IntentFields: [Field.Text("recipient", "Receiving system", help: "Which system receives the data, for the description.", placeholder: "Order service")],
        ConfigurationFields:
        [
            Url,
            Headers,
            Field.LongText("payload", "Payload template", required: true,
                help: "JSON with Scriban placeholders over the run's input, e.g. {\"email\": \"{{ input.email }}\"}.", template: true),
        ],
        Script: """
            const body = JSON.parse(render(config.payload, { input }));
            const res = await step("POST to " + config.url, () => rest.request({ method: "POST", url: config.url, headers: config.headers, body }));
            log("Webhook answered " + res.status);
            if (!res.ok) throw new Error("The webhook answered " + res.status);
            """,
        Sop: """
            Builds a JSON payload from the run's input using the configured template and POSTs it to {{ config.url ?? "the configured webhook URL" }}{{ if intent.recipient }} ({{ intent.recipient }}){{ end }}.
            If the webhook answers with an error status, the run fails so the delivery can be retried.
            """);

    public static readonly TemplateDefinition FetchJsonDocument = new(
        Id: "rest.fetch-json",
        Name: "Fetch JSON into a document",
        Description: "GET a JSON resource on a schedule and store it as a run document.",
        IntentFields: [],
        ConfigurationFields:
        [
            Url,
            Headers,
            Field.Text("documentName", "Document name", required: true, placeholder: "report.json", maxLength: 200),
        ],
        Script: """
            const res = await step("GET " + config.url, () => rest.request({ method: "GET", url: config.url, headers: config.headers }));
            if (!res.ok) throw new Error("The API answered " + res.status);
            documents.create(config.documentName, JSON.stringify(res.body, null, 2), "application/json");
            log("Saved " + config.documentName);
            """,
        Sop: """
            Reads {{ config.url ?? "the configured URL" }} with a GET request and saves the JSON it returns as the document "{{ config.documentName ?? "the configured document" }}".
            If the API answers with an error status, the run fails and no document is saved.
            """);
}
