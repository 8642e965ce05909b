using Modular.Plugins.Sdk;

namespace Modular.Connectors.HubSpot;

/// <summary>The HubSpot connector's library templates.</summary>
public static class HubSpotTemplates
{
    public static readonly TemplateDefinition WeeklySalesReport = new(
        Id: "hubspot.weekly-sales-report",
        Name: "Weekly sales report from HubSpot deals",
        Description: "Reads the deals of a pipeline and saves a report with the number of deals and their total amount per stage.",
        IntentFields: [Field.Text("audience", "Who reads the report", placeholder: "Sales team")],
        ConfigurationFields:
        [
            Field.Text("pipeline", "Pipeline", help: "Every pipeline when empty.", optionsFrom: "hubspot.pipelineOptions"),
            Field.Text("currency", "Currency", placeholder: "EUR", maxLength: 10),
        ],
        Script: """
            const filterGroups = config.pipeline ? [{ filters: [{ propertyName: "pipeline", operator: "EQ", value: config.pipeline }] }] : [];
            const { results } = await step("Read the deals", () => hubspot.searchAll({
              objectType: "deals", filterGroups, properties: ["dealname", "amount", "dealstage", "pipeline", "closedate"],
            }));
            const { stages } = await step("Read the stages", () => hubspot.dealStages({ pipeline: config.pipeline || null }));
            const rows = stages.map(s => {
              const deals = results.filter(d => d.properties.dealstage === s.id);
              return { stage: s.label, deals: deals.length, amount: deals.reduce((sum, d) => sum + Number(d.properties.amount || 0), 0) };
            });
            const currency = config.currency || "";
            const total = rows.reduce((sum, r) => sum + r.amount, 0);
            const lines = ["# Sales report", "", `${results.length} deals, ${total.toFixed(2)} ${currency} in total.`, "",
              "| Stage | Deals | Amount |", "| --- | ---: | ---: |", ...rows.map(r => `| ${r.stage} | ${r.deals} | ${r.amount.toFixed(2)} ${currency} |`)];
            documents.create("sales-report.md", lines.join("\n"), "text/markdown");
            documents.create("sales-report.csv", ["stage,deals,amount", ...rows.map(r => `"${r.stage.replace(/"/g, '""')}",${r.deals},${r.amount.toFixed(2)}`)].join("\n"), "text/csv");
            log(`Reported ${results.length} deals over ${rows.length} stages`);
            """,
        Sop: """
            Reads every deal {{ if config.pipeline }}of the pipeline {{ config.pipeline }}{{ else }}of every pipeline{{ end }} in HubSpot, with its amount and stage.
            Adds up, for each stage in the pipeline's order, how many deals are in it and their total amount{{ if config.currency }} in {{ config.currency }}{{ end }}.
            Saves the totals as the documents "sales-report.md" (a table to read{{ if intent.audience }} for {{ intent.audience }}{{ end }}) and "sales-report.csv" (for a spreadsheet).
            Nothing in HubSpot changes.
            """,
        RequiresAccount: true);

    public static readonly TemplateDefinition CreateContact = new(
        Id: "hubspot.create-contact",
        Name: "Create a contact",
        Description: "Creates a HubSpot contact from the run's input (email, first and last name), or updates the one with that email.",
        IntentFields: [Field.Text("source", "Where the contacts come from", placeholder: "Website sign-up form")],
        ConfigurationFields: [Field.Boolean("updateExisting", "Update the contact when one has this email already", defaultValue: true)],
        Script: """
            if (!input || !input.email) throw new Error("The run's input needs an email.");
            const properties = { email: input.email, firstname: input.firstname, lastname: input.lastname, phone: input.phone, company: input.company };
            try {
              const contact = await step("Create the contact", () => hubspot.create({ objectType: "contacts", properties }));
              log("Created contact " + contact.id);
            } catch (e) {
              if (!config.updateExisting || !String(e.message).includes("409")) throw e;
              const contact = await step("Update the existing contact", () => hubspot.update({ objectType: "contacts", id: input.email, idProperty: "email", properties }));
              log("Updated contact " + contact.id);
            }
            """,
        Sop: """
            Creates a contact in HubSpot from the run's input: its email (required), first name, last name, phone and company{{ if intent.source }}, as sent by {{ intent.source }}{{ end }}.
            {{ if config.updateExisting != false }}When a contact with that email exists already, its properties are updated instead.{{ else }}When a contact with that email exists already, the run fails and nothing changes.{{ end }}
            """,
        RequiresAccount: true);

    public static readonly TemplateDefinition UpdateDealStage = new(
        Id: "hubspot.update-deal-stage",
        Name: "Update a deal stage",
        Description: "Moves the deal named by the run's input (dealId) to the configured stage.",
        IntentFields: [],
        ConfigurationFields: [Field.Text("stage", "Stage", required: true, optionsFrom: "hubspot.dealStageOptions")],
        Script: """
            if (!input || !input.dealId) throw new Error("The run's input needs a dealId.");
            const deal = await step("Move the deal", () => hubspot.update({ objectType: "deals", id: String(input.dealId), properties: { dealstage: config.stage } }));
            log("Deal " + deal.id + " is now in stage " + deal.properties.dealstage);
            """,
        Sop: """
            Moves the HubSpot deal whose id the run's input gives (dealId) to the stage {{ config.stage ?? "chosen in the configuration" }}.
            If no deal has that id, or the stage is not one of the deal's pipeline, the run fails and nothing changes.
            """,
        RequiresAccount: true);
}
