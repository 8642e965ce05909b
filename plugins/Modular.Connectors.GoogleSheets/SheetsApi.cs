using System.Text.Json;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.GoogleSheets;

/// <summary>The Sheets API v4 as the operations call it: URLs with the spreadsheet id and A1 range escaped as path segments, and cell values.</summary>
internal static class SheetsApi
{
    public const string BaseUrl = "sheets";

    /// <summary><c>v4/spreadsheets/{id}</c>, optionally followed by <paramref name="rest"/> (already escaped).</summary>
    public static Uri Spreadsheet(OperationContext context, string spreadsheetId, string rest = "", params (string Name, string? Value)[] query) =>
        context.Url(BaseUrl, $"v4/spreadsheets/{Uri.EscapeDataString(spreadsheetId.Trim())}{rest}", query);

    /// <summary>
    /// <c>…/values/{range}</c> and an optional custom method (<c>:append</c>). The range is one path segment: its
    /// <c>!</c>, <c>:</c>, quotes and spaces are percent-encoded, as Google's client libraries send them.
    /// </summary>
    public static Uri Values(OperationContext context, string spreadsheetId, string range, string? method = null, params (string Name, string? Value)[] query) =>
        Spreadsheet(context, spreadsheetId, $"/values/{Uri.EscapeDataString(range.Trim())}{(method is null ? "" : ":" + method)}", query);

    /// <summary>A sheet title as an A1 range: quoted when it is not a plain name, with its quotes doubled.</summary>
    public static string SheetRange(string title) =>
        title.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(title.FirstOrDefault('0'))
            ? title
            : "'" + title.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The rows of a ValueRange (absent when the range is empty: Google leaves out trailing empty rows and columns).</summary>
    public static List<List<JsonNode?>> Rows(JsonNode? values) =>
        values is JsonArray rows
            ? [.. rows.Select(row => row is JsonArray cells ? cells.Select(c => c?.DeepClone()).ToList() : [])]
            : [];

    /// <summary>Refuses a cell that is an object or a list before anything is sent: Google takes text, numbers, booleans and empty cells.</summary>
    public static void CheckCells(IReadOnlyList<IReadOnlyList<JsonNode?>> rows, string field = "values")
    {
        var problems = new List<string>();
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is null)
            {
                problems.Add($"'{field}[{r}]' must be a list of cells.");
                continue;
            }
            for (var c = 0; c < rows[r].Count; c++)
                if (rows[r][c] is JsonObject or JsonArray)
                    problems.Add($"'{field}[{r}][{c}]' must be text, a number, true or false, or null; it is {(rows[r][c] is JsonObject ? "an object" : "a list")}.");
        }
        if (problems.Count > 0) throw new OperationInputException(problems.Take(5).ToList());
    }

    public static JsonArray ToJson(IReadOnlyList<IReadOnlyList<JsonNode?>> rows) =>
        new([.. rows.Select(row => (JsonNode?)new JsonArray([.. row.Select(cell => cell?.DeepClone())]))]);

    public static string? Text(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static int Number(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : 0;

    /// <summary>The sheets of a Spreadsheet resource: each one's properties.</summary>
    public static List<SheetInfo> Sheets(JsonNode? spreadsheet) =>
        spreadsheet?["sheets"] is JsonArray sheets
            ? [.. sheets.Select(s => s?["properties"]).Where(p => p is not null).Select(p => new SheetInfo(
                Number(p, "sheetId"), Text(p, "title") ?? "", Number(p, "index"),
                Number(p?["gridProperties"], "rowCount"), Number(p?["gridProperties"], "columnCount")))]
            : [];
}

/// <summary>One sheet (tab) of a spreadsheet.</summary>
public sealed record SheetInfo(int SheetId, string Title, int Index, int RowCount, int ColumnCount);

/// <summary>How Google interprets the values written: as typed in the UI (formulas, dates, numbers) or as raw text.</summary>
public enum ValueInputOption
{
    USER_ENTERED,
    RAW,
}
