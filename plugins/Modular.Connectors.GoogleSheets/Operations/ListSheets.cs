using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets.Operations;

/// <summary><c>google_sheets.listSheets</c>: the sheet titles of a spreadsheet, for a dropdown.</summary>
public sealed class ListSheets : Operation<SpreadsheetInput, OptionList>
{
    public override string Id => "google-sheets.listSheets";
    public override string DisplayName => "List the sheets";
    public override string Description => "Lists the titles of a spreadsheet's sheets (tabs), in their order, as choices.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await google_sheets.listSheets({ spreadsheetId: config.spreadsheetId });""";
    public override string Errors => """
        - `403 PERMISSION_DENIED`: the connected Google account cannot open this spreadsheet.
        - `404 NOT_FOUND` "Requested entity was not found.": no spreadsheet has this id.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, SpreadsheetInput input, CancellationToken cancellationToken)
    {
        var answer = await context.GetJsonAsync(SheetsApi.Spreadsheet(context, input.SpreadsheetId, "", ("fields", "sheets.properties")), cancellationToken);
        return new OptionList([.. SheetsApi.Sheets(answer).OrderBy(s => s.Index).Select(s => new OptionItem(s.Title, s.Title))]);
    }
}
