using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets.Operations;

public sealed record SpreadsheetInput(
    [property: Required, Display(Name = "Spreadsheet ID", Description = "The long id in the spreadsheet's URL: docs.google.com/spreadsheets/d/{id}/edit.")] string SpreadsheetId);

/// <summary><c>google_sheets.getSpreadsheet</c>: spreadsheets.get without the cells.</summary>
public sealed class GetSpreadsheet : Operation<SpreadsheetInput, SpreadsheetResult>
{
    /// <summary>Only what the result shows (a partial response); the cells stay out.</summary>
    internal const string Fields = "spreadsheetId,spreadsheetUrl,properties.title,sheets.properties";

    public override string Id => "google-sheets.getSpreadsheet";
    public override string DisplayName => "Get a spreadsheet";
    public override string Description => "Reads a spreadsheet's title, URL and sheets (their titles, order and size), without the cells.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { title, sheets } = await google_sheets.getSpreadsheet({ spreadsheetId: config.spreadsheetId });""";
    public override string Errors => """
        - `403 PERMISSION_DENIED`: the connected Google account cannot open this spreadsheet.
        - `404 NOT_FOUND` "Requested entity was not found.": no spreadsheet has this id.
        """;

    protected override async Task<SpreadsheetResult> RunAsync(OperationContext context, SpreadsheetInput input, CancellationToken cancellationToken) =>
        Read(await context.GetJsonAsync(SheetsApi.Spreadsheet(context, input.SpreadsheetId, "", ("includeGridData", "false"), ("fields", Fields)), cancellationToken), "");

    internal static SpreadsheetResult Read(JsonNode? spreadsheet, string title) => new(
        SheetsApi.Text(spreadsheet, "spreadsheetId") ?? throw new ConnectorCallException("Google Sheets answered without a spreadsheetId."),
        SheetsApi.Text(spreadsheet?["properties"], "title") ?? title,
        SheetsApi.Text(spreadsheet, "spreadsheetUrl"),
        SheetsApi.Sheets(spreadsheet));
}
