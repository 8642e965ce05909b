using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets.Operations;

public sealed record UpdateRangeInput(
    [property: Required, Display(Name = "Spreadsheet ID", Description = "The long id in the spreadsheet's URL: docs.google.com/spreadsheets/d/{id}/edit.")] string SpreadsheetId,
    [property: Required, Display(Name = "Range", Description = "The cells to write, in A1 notation (Sheet1!B2:C3); the values start at its top-left cell.")] string Range,
    [property: Display(Name = "Rows", Description = "A list of rows, each a list of cells (text, numbers, true/false or null); null leaves a cell as it is.")] IReadOnlyList<IReadOnlyList<JsonNode?>> Values,
    [property: Display(Name = "Value input", Description = "USER_ENTERED parses values as if typed in the sheet (the default); RAW stores them as given.")] ValueInputOption ValueInputOption = ValueInputOption.USER_ENTERED);

public sealed record UpdateRangeResult(string SpreadsheetId, string? UpdatedRange, int UpdatedRows, int UpdatedColumns, int UpdatedCells);

/// <summary><c>google_sheets.updateRange</c>: spreadsheets.values.update.</summary>
public sealed class UpdateRange : Operation<UpdateRangeInput, UpdateRangeResult>
{
    public override string Id => "google-sheets.updateRange";
    public override string DisplayName => "Update a range";
    public override string Description => "Writes values over the cells of a range, starting at its top-left cell.";
    public override string Example => """await google_sheets.updateRange({ spreadsheetId: config.spreadsheetId, range: "Sheet1!B2", values: [["Paid"]] });""";
    public override string Errors => """
        - `400 INVALID_ARGUMENT` "Unable to parse range": the range is not A1 notation or names no sheet of the spreadsheet.
        - `400 INVALID_ARGUMENT` "Requested writing within range … but tried writing to …": more rows or columns than the range holds.
        - `403 PERMISSION_DENIED`: the connected Google account may not edit this spreadsheet.
        - `404 NOT_FOUND` "Requested entity was not found.": no spreadsheet has this id.
        """;

    protected override async Task<UpdateRangeResult> RunAsync(OperationContext context, UpdateRangeInput input, CancellationToken cancellationToken)
    {
        SheetsApi.CheckCells(input.Values);
        var url = SheetsApi.Values(context, input.SpreadsheetId, input.Range, null, ("valueInputOption", input.ValueInputOption.ToString()));
        var body = new JsonObject { ["range"] = input.Range.Trim(), ["majorDimension"] = "ROWS", ["values"] = SheetsApi.ToJson(input.Values) };
        var answer = await context.SendJsonAsync(HttpMethod.Put, url, body, cancellationToken);
        return new UpdateRangeResult(
            SheetsApi.Text(answer, "spreadsheetId") ?? input.SpreadsheetId,
            SheetsApi.Text(answer, "updatedRange"),
            SheetsApi.Number(answer, "updatedRows"),
            SheetsApi.Number(answer, "updatedColumns"),
            SheetsApi.Number(answer, "updatedCells"));
    }
}
