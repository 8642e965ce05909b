using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets;

/// <summary>The Google Sheets connector's library templates.</summary>
public static class GoogleSheetsTemplates
{
    private static readonly FieldDefinition SpreadsheetId = Field.Text("spreadsheetId", "Spreadsheet ID", required: true,
        help: "The long id in the spreadsheet's URL: docs.google.com/spreadsheets/d/{id}/edit.", placeholder: "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms", maxLength: 200);

    private static readonly FieldDefinition Sheet = Field.Text("sheet", "Sheet", required: true,
        help: "The sheet (tab) of the spreadsheet.", placeholder: "Sheet1", maxLength: 200, optionsFrom: "listSheets");

    // A sheet title as an A1 range: quoted (quotes doubled) unless it is a plain name.
    private const string SheetRange = """
        const sheet = /^[A-Za-z_][A-Za-z0-9_]*$/.test(config.sheet) ? config.sheet : "'" + config.sheet.replace(/'/g, "''") + "'";
        """;

    public static readonly TemplateDefinition AppendRow = new(
        Id: "google-sheets.append-row",
        Name: "Append a row",
        Description: "Add one row to a Google Sheets sheet for each run, its cells built from the run's input.",
        IntentFields: [Field.Text("source", "Where the rows come from", help: "For the description, e.g. the website's contact form.", placeholder: "Contact form")],
        ConfigurationFields:
        [
            SpreadsheetId,
            Sheet,
            Field.LongText("values", "Cells", required: true,
                help: "One cell per line, left to right, each a template over the run's input, e.g. {{ input.name }} then {{ input.email }}.",
                placeholder: "{{ input.name }}\n{{ input.email }}", template: true),
            Field.Select("valueInputOption", "Values are read", ["USER_ENTERED", "RAW"], help: "USER_ENTERED: as if typed (numbers, dates, formulas); RAW: as text.", defaultValue: "USER_ENTERED"),
        ],
        Script: SheetRange + """

            // One cell per non-empty line of the configuration, each rendered over the run's input.
            const row = config.values.split(/\r?\n/).filter(line => line.trim() !== "").map(line => render(line, { input }));
            const result = await step("Append a row to " + config.sheet, () => google_sheets.appendRows({
              spreadsheetId: config.spreadsheetId,
              range: sheet,
              values: [row],
              valueInputOption: config.valueInputOption ?? "USER_ENTERED",
            }));
            log("Appended " + result.updatedCells + " cells at " + result.updatedRange);
            """,
        Sop: """
            Appends one row to the sheet "{{ config.sheet ?? "the configured sheet" }}" of the Google spreadsheet {{ config.spreadsheetId ?? "configured" }}{{ if intent.source }}, with the data of each {{ intent.source }} run{{ end }}.
            The row's cells are built from the run's input with the configured templates, one per column, left to right.
            {{ if config.valueInputOption == "RAW" }}The values are stored exactly as text.{{ else }}The values are read as if typed into the sheet, so numbers, dates and formulas are recognised.{{ end }}
            If Google refuses (no access to the spreadsheet, no such sheet), the run fails and nothing is written.
            """,
        RequiresAccount: true);

    public static readonly TemplateDefinition ReadSheet = new(
        Id: "google-sheets.read-sheet",
        Name: "Read a sheet into a document",
        Description: "Read a range of a Google Sheets sheet and save it as a CSV or JSON document.",
        IntentFields: [Field.Text("purpose", "What the data is for", help: "For the description, e.g. the weekly sales report.", placeholder: "Weekly sales report")],
        ConfigurationFields:
        [
            SpreadsheetId,
            Sheet,
            Field.Text("range", "Cells", help: "An A1 range within the sheet, e.g. A1:D100; the whole sheet when empty.", placeholder: "A1:D100", maxLength: 100),
            Field.Select("format", "Document format", ["CSV", "JSON"], required: true, defaultValue: "CSV"),
            Field.Boolean("firstRowIsHeader", "The first row names the columns", help: "JSON only: each further row becomes an object keyed by the first row.", defaultValue: true),
            Field.Text("documentName", "Document name", help: "sheet.csv or sheet.json when empty.", placeholder: "sales.csv", maxLength: 200),
        ],
        Script: SheetRange + """

            const range = config.range ? sheet + "!" + config.range : sheet;
            const result = await step("Read " + range, () => google_sheets.readRange({ spreadsheetId: config.spreadsheetId, range }));
            const rows = result.values;
            log("Read " + rows.length + " rows from " + result.range);
            const format = config.format ?? "CSV";
            const name = config.documentName || (format === "JSON" ? "sheet.json" : "sheet.csv");
            if (format === "JSON") {
              let data = rows;
              if (config.firstRowIsHeader !== false && rows.length > 0) {
                const header = rows[0].map(String);
                data = rows.slice(1).map(row => Object.fromEntries(header.map((key, i) => [key, row[i] ?? ""])));
              }
              documents.create(name, JSON.stringify(data, null, 2), "application/json");
            } else {
              // RFC 4180: a cell with a comma, a quote or a line break is quoted, its quotes doubled.
              const cell = value => {
                const text = value === null || value === undefined ? "" : String(value);
                return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
              };
              documents.create(name, rows.map(row => row.map(cell).join(",")).join("\r\n"), "text/csv");
            }
            log("Saved " + name);
            """,
        Sop: """
            Reads {{ if config.range }}the cells {{ config.range }} of {{ end }}the sheet "{{ config.sheet ?? "the configured sheet" }}" of the Google spreadsheet {{ config.spreadsheetId ?? "configured" }}{{ if intent.purpose }} for {{ intent.purpose }}{{ end }}.
            {{ if config.format == "JSON" }}The rows are saved as a JSON document{{ if config.firstRowIsHeader != false }}, each row an object keyed by the first row's column names{{ end }}.{{ else }}The rows are saved as a CSV document.{{ end }}
            The document is named "{{ config.documentName ?? "sheet.csv or sheet.json" }}".
            If Google refuses (no access to the spreadsheet, no such sheet), the run fails and no document is saved.
            """,
        RequiresAccount: true);
}
