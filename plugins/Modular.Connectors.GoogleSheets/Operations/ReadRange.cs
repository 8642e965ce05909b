using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets.Operations;

public enum MajorDimension
{
    ROWS,
    COLUMNS,
}

public enum ValueRenderOption
{
    FORMATTED_VALUE,
    UNFORMATTED_VALUE,
    FORMULA,
}

public sealed record ReadRangeInput(
    [property: Required, Display(Name = "Spreadsheet ID", Description = "The long id in the spreadsheet's URL: docs.google.com/spreadsheets/d/{id}/edit.")] string SpreadsheetId,
    [property: Required, Display(Name = "Range", Description = "A1 notation: Sheet1!A1:C10, 'My Sheet'!A:A, or a sheet's title for all of it.")] string Range,
    [property: Display(Name = "Major dimension", Description = "ROWS: one list per row (the default); COLUMNS: one list per column.")] MajorDimension MajorDimension = MajorDimension.ROWS,
    [property: Display(Name = "Value rendering", Description = "FORMATTED_VALUE as shown in the sheet (the default), UNFORMATTED_VALUE as stored, or FORMULA.")] ValueRenderOption ValueRenderOption = ValueRenderOption.FORMATTED_VALUE);

/// <param name="Range">The range read, as Google names it (Sheet1!A1:C10).</param>
/// <param name="Values">The cells; trailing empty rows and columns are left out.</param>
public sealed record ReadRangeResult(string Range, string MajorDimension, IReadOnlyList<IReadOnlyList<JsonNode?>> Values);

/// <summary><c>google_sheets.readRange</c>: spreadsheets.values.get.</summary>
public sealed class ReadRange : Operation<ReadRangeInput, ReadRangeResult>
{
    public override string Id => "google-sheets.readRange";
    public override string DisplayName => "Read a range";
    public override string Description => "Reads the cell values of a range of a spreadsheet, row by row (or column by column).";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { values } = await google_sheets.readRange({ spreadsheetId: config.spreadsheetId, range: "Sheet1!A1:C10" });""";
    public override string Errors => """
        - `400 INVALID_ARGUMENT` "Unable to parse range": the range is not A1 notation or names no sheet of the spreadsheet.
        - `403 PERMISSION_DENIED`: the connected Google account cannot open this spreadsheet.
        - `404 NOT_FOUND` "Requested entity was not found.": no spreadsheet has this id.
        - `429 RESOURCE_EXHAUSTED`: Google's read quota per minute is used up (retried a few times first).
        """;

    protected override async Task<ReadRangeResult> RunAsync(OperationContext context, ReadRangeInput input, CancellationToken cancellationToken)
    {
        var answer = await context.GetJsonAsync(SheetsApi.Values(context, input.SpreadsheetId, input.Range, null,
            ("majorDimension", input.MajorDimension.ToString()), ("valueRenderOption", input.ValueRenderOption.ToString())), cancellationToken);
        return new ReadRangeResult(
            SheetsApi.Text(answer, "range") ?? input.Range,
            SheetsApi.Text(answer, "majorDimension") ?? input.MajorDimension.ToString(),
            SheetsApi.Rows(answer?["values"]));
    }
}
