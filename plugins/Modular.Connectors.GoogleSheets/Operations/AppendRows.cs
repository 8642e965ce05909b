using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets.Operations;

public enum InsertDataOption
{
    INSERT_ROWS,
    OVERWRITE,
}

public sealed record AppendRowsInput(
    [property: Required, Display(Name = "Spreadsheet ID", Description = "The long id in the spreadsheet's URL: docs.google.com/spreadsheets/d/{id}/edit.")] string SpreadsheetId,
    [property: Required, Display(Name = "Range", Description = "Where the table is, in A1 notation: a sheet's title (Sheet1, 'My Sheet') or Sheet1!A:D. Rows go after its last row.")] string Range,
    [property: Display(Name = "Rows", Description = "A list of rows, each a list of cells (text, numbers, true/false or null).")] IReadOnlyList<IReadOnlyList<JsonNode?>> Values,
    [property: Display(Name = "Value input", Description = "USER_ENTERED parses values as if typed in the sheet (numbers, dates, formulas; the default); RAW stores them as given.")] ValueInputOption ValueInputOption = ValueInputOption.USER_ENTERED,
    [property: Display(Name = "Insert data", Description = "INSERT_ROWS inserts new rows for the data (the default); OVERWRITE writes over the cells after the table.")] InsertDataOption InsertDataOption = InsertDataOption.INSERT_ROWS);

/// <param name="TableRange">The table the rows were appended to, before appending (empty when the sheet had none).</param>
/// <param name="UpdatedRange">The cells written.</param>
public sealed record AppendRowsResult(string SpreadsheetId, string? TableRange, string? UpdatedRange, int UpdatedRows, int UpdatedColumns, int UpdatedCells);

/// <summary><c>google_sheets.appendRows</c>: spreadsheets.values.append.</summary>
public sealed class AppendRows : Operation<AppendRowsInput, AppendRowsResult>
{
    public override string Id => "google-sheets.appendRows";
    public override string DisplayName => "Append rows";
    public override string Description => "Appends rows after the last row of the table found in a range (a sheet, or some of its columns).";
    public override string Example => """await google_sheets.appendRows({ spreadsheetId: config.spreadsheetId, range: "Sheet1", values: [[input.name, input.email, 42]] });""";
    public override string Errors => """
        - `400 INVALID_ARGUMENT` "Unable to parse range": the range is not A1 notation or names no sheet of the spreadsheet.
        - `403 PERMISSION_DENIED`: the connected Google account may not edit this spreadsheet.
        - `404 NOT_FOUND` "Requested entity was not found.": no spreadsheet has this id.
        - `429 RESOURCE_EXHAUSTED`: Google's write quota per minute is used up (retried a few times first).
        """;

    protected override async Task<AppendRowsResult> RunAsync(OperationContext context, AppendRowsInput input, CancellationToken cancellationToken)
    {
        SheetsApi.CheckCells(input.Values);
        var url = SheetsApi.Values(context, input.SpreadsheetId, input.Range, "append",
            ("valueInputOption", input.ValueInputOption.ToString()), ("insertDataOption", input.InsertDataOption.ToString()));
        var body = new JsonObject { ["range"] = input.Range.Trim(), ["majorDimension"] = "ROWS", ["values"] = SheetsApi.ToJson(input.Values) };
        var answer = await context.SendJsonAsync(HttpMethod.Post, url, body, cancellationToken);
        var updates = answer?["updates"];
        return new AppendRowsResult(
            SheetsApi.Text(answer, "spreadsheetId") ?? input.SpreadsheetId,
            SheetsApi.Text(answer, "tableRange"),
            SheetsApi.Text(updates, "updatedRange"),
            SheetsApi.Number(updates, "updatedRows"),
            SheetsApi.Number(updates, "updatedColumns"),
            SheetsApi.Number(updates, "updatedCells"));
    }
}
