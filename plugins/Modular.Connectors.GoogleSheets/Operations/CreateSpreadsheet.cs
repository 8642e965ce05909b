using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets.Operations;

public sealed record CreateSpreadsheetInput(
    [property: Required, MaxLength(500), Display(Name = "Title", Description = "The new spreadsheet's name in Google Drive.")] string Title,
    [property: Display(Name = "Sheet titles", Description = "The titles of its sheets (tabs), in order; one sheet named Sheet1 when empty.")] IReadOnlyList<string>? SheetTitles = null);

public sealed record SpreadsheetResult(string SpreadsheetId, string Title, string? SpreadsheetUrl, IReadOnlyList<SheetInfo> Sheets);

/// <summary><c>google_sheets.createSpreadsheet</c>: spreadsheets.create.</summary>
public sealed class CreateSpreadsheet : Operation<CreateSpreadsheetInput, SpreadsheetResult>
{
    public override string Id => "google-sheets.createSpreadsheet";
    public override string DisplayName => "Create a spreadsheet";
    public override string Description => "Creates a spreadsheet in the connected account's Google Drive, with the sheets named.";
    public override string Example => """const sheet = await google_sheets.createSpreadsheet({ title: "Orders " + input.month, sheetTitles: ["Orders", "Totals"] });""";
    public override string Errors => """
        - `400 INVALID_ARGUMENT`: two sheets have the same title, or a title is not allowed.
        - `403 PERMISSION_DENIED`: the connected Google account did not grant access to its spreadsheets; reconnect it.
        """;

    protected override async Task<SpreadsheetResult> RunAsync(OperationContext context, CreateSpreadsheetInput input, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["properties"] = new JsonObject { ["title"] = input.Title } };
        if (input.SheetTitles is { Count: > 0 } titles)
            body["sheets"] = new JsonArray([.. titles.Select(t => (JsonNode?)new JsonObject { ["properties"] = new JsonObject { ["title"] = t } })]);
        var answer = await context.SendJsonAsync(HttpMethod.Post, context.Url(SheetsApi.BaseUrl, "v4/spreadsheets"), body, cancellationToken);
        return GetSpreadsheet.Read(answer, input.Title);
    }
}
