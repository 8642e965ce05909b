using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Modular.Simulators.Faults;
using Modular.Simulators.Tenants;

namespace Modular.Simulators.Google;

/// <summary>
/// sheets.googleapis.com's v4 under <c>/google/sheets</c>: spreadsheets.create and get, and values get, update,
/// append, clear, batchGet, batchUpdate and batchClear. A user reads and writes their own spreadsheets; another
/// user's is refused with PERMISSION_DENIED.
/// </summary>
/// <remarks>
/// Google writes the methods on a range as a suffix of the path's last segment (<c>values/Sheet1!A1:C5:append</c>),
/// and its clients percent-encode the range (<c>Sheet1%21A1%3AC5</c>): one catch-all route takes the rest of the
/// path, as the server decoded it, and splits it here.
/// </remarks>
internal static class GoogleSheets
{
    private const string Scopes = "https://www.googleapis.com/auth/";
    private static readonly string[] ReadScopes = [Scopes + "spreadsheets", Scopes + "spreadsheets.readonly", Scopes + "drive", Scopes + "drive.readonly", Scopes + "drive.file"];
    private static readonly string[] WriteScopes = [Scopes + "spreadsheets", Scopes + "drive", Scopes + "drive.file"];

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<SpreadsheetStore>();
        services.AddSingleton<IVendorFaults, GoogleFaults>();
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        var spreadsheets = app.MapGroup("/google/sheets/v4/spreadsheets").RequireCaller(GoogleOAuth.Vendor, GoogleErrors.Unauthorized, GoogleErrors.Token);
        spreadsheets.MapPost("", CreateAsync);
        spreadsheets.MapMethods("/{**rest}", [HttpMethods.Get, HttpMethods.Put, HttpMethods.Post], DispatchAsync);
    }

    /// <summary>
    /// sheets.googleapis.com's own paths (<c>/v4/spreadsheets…</c>) at the simulators' root too, answered as under
    /// <c>/google/sheets</c>: Google's Node client (googleapis-common) resolves each method's path against its
    /// <c>rootUrl</c> as an absolute path, so it keeps only the origin of the base URL it is given. Runs before
    /// routing; the request log and faults see the <c>/google/sheets</c> path.
    /// </summary>
    public static Task RootAliasAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/v4/spreadsheets", StringComparison.Ordinal))
            context.Request.Path = new PathString("/google/sheets").Add(context.Request.Path);
        return next(context);
    }

    private static Task<IResult> DispatchAsync(string rest, HttpContext http, SpreadsheetStore store)
    {
        var method = http.Request.Method;
        var slash = rest.IndexOf('/');
        var id = slash < 0 ? rest : rest[..slash];
        var tail = slash < 0 ? "" : rest[(slash + 1)..];
        if (tail.Length == 0 && !id.Contains(':') && HttpMethods.IsGet(method)) return Task.FromResult(Get(id, http, store));
        if (tail.StartsWith("values:", StringComparison.Ordinal))
            return (tail["values:".Length..], method) switch
            {
                ("batchGet", "GET") => Task.FromResult(BatchGet(id, http, store)),
                ("batchUpdate", "POST") => BatchUpdateAsync(id, http, store),
                ("batchClear", "POST") => BatchClearAsync(id, http, store),
                _ => Task.FromResult(MethodNotFound()),
            };
        if (!tail.StartsWith("values/", StringComparison.Ordinal) || tail.Length == "values/".Length) return Task.FromResult(MethodNotFound());
        // A sheet title may hold '/', which the server leaves encoded in the path.
        var range = tail["values/".Length..].Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (HttpMethods.IsPost(method) && range.EndsWith(":append", StringComparison.Ordinal)) return AppendAsync(id, range[..^":append".Length], http, store);
        if (HttpMethods.IsPost(method) && range.EndsWith(":clear", StringComparison.Ordinal)) return Task.FromResult(Clear(id, range[..^":clear".Length], http, store));
        if (HttpMethods.IsGet(method)) return Task.FromResult(GetValues(id, range, http, store));
        if (HttpMethods.IsPut(method)) return UpdateAsync(id, range, http, store);
        return Task.FromResult(MethodNotFound());
    }

    // ---- spreadsheets ----

    private static async Task<IResult> CreateAsync(HttpContext http, SpreadsheetStore store)
    {
        var caller = http.Caller();
        if (!WriteScopes.Any(caller.HasScope)) return GoogleErrors.InsufficientScopes();
        var (body, invalid) = await ReadJsonAsync(http.Request, allowEmpty: true);
        if (invalid is not null) return invalid;
        var properties = Property(body, "properties");
        var spreadsheet = new Spreadsheet(Spreadsheet.NewId(), caller.Identity.UserId, Text(properties, "title") ?? "Untitled spreadsheet",
            Text(properties, "locale") ?? "en_US", Text(properties, "timeZone") ?? "Etc/GMT");
        if (Property(body, "sheets") is { ValueKind: JsonValueKind.Array } sheets)
            foreach (var sheet in sheets.EnumerateArray())
            {
                var sheetProperties = Property(sheet, "properties");
                var title = Text(sheetProperties, "title") ?? $"Sheet{spreadsheet.Sheets.Count + 1}";
                if (spreadsheet.SheetTitled(title) is not null)
                    return GoogleErrors.InvalidArgument($"Invalid requests[0].addSheet: A sheet with the name \"{title}\" already exists. Please enter another name.");
                var grid = Property(sheetProperties, "gridProperties");
                var sheetId = Property(sheetProperties, "sheetId") is { ValueKind: JsonValueKind.Number } given ? given.GetInt32()
                    : spreadsheet.Sheets.Count == 0 ? 0 : RandomNumberGenerator.GetInt32(1, int.MaxValue);
                spreadsheet.Sheets.Add(new Sheet(sheetId, title, spreadsheet.Sheets.Count,
                    Property(grid, "rowCount") is { ValueKind: JsonValueKind.Number } rows ? rows.GetInt32() : 1000,
                    Property(grid, "columnCount") is { ValueKind: JsonValueKind.Number } cols ? cols.GetInt32() : 26));
            }
        if (spreadsheet.Sheets.Count == 0) spreadsheet.Sheets.Add(new Sheet(0, "Sheet1", 0));
        store.Add(spreadsheet);
        lock (spreadsheet.Gate) return Results.Json(SpreadsheetView(spreadsheet));
    }

    /// <summary>spreadsheets.get: properties and sheets; <c>includeGridData</c> and <c>ranges</c> are not honoured.</summary>
    private static IResult Get(string id, HttpContext http, SpreadsheetStore store)
    {
        var (spreadsheet, refusal) = Open(http, store, id, write: false);
        if (spreadsheet is null) return refusal!;
        lock (spreadsheet.Gate) return Results.Json(SpreadsheetView(spreadsheet));
    }

    private static object SpreadsheetView(Spreadsheet spreadsheet) => new
    {
        spreadsheetId = spreadsheet.Id,
        properties = new { title = spreadsheet.Title, locale = spreadsheet.Locale, autoRecalc = "ON_CHANGE", timeZone = spreadsheet.TimeZone },
        sheets = spreadsheet.Sheets.OrderBy(s => s.Index).Select(sheet => new
        {
            properties = new
            {
                sheetId = sheet.SheetId,
                title = sheet.Title,
                index = sheet.Index,
                sheetType = "GRID",
                gridProperties = new { rowCount = sheet.RowCount, columnCount = sheet.ColumnCount },
            },
        }).ToList(),
        spreadsheetUrl = $"https://docs.google.com/spreadsheets/d/{spreadsheet.Id}/edit",
    };

    // ---- values ----

    private static IResult GetValues(string id, string range, HttpContext http, SpreadsheetStore store)
    {
        var (options, bad) = ReadOptions(http.Request.Query);
        if (bad is not null) return bad;
        var (spreadsheet, refusal) = Open(http, store, id, write: false);
        if (spreadsheet is null) return refusal!;
        lock (spreadsheet.Gate)
        {
            var (view, error) = Read(spreadsheet, range, options);
            return error ?? Results.Json(view);
        }
    }

    private static IResult BatchGet(string id, HttpContext http, SpreadsheetStore store)
    {
        var (options, bad) = ReadOptions(http.Request.Query);
        if (bad is not null) return bad;
        var (spreadsheet, refusal) = Open(http, store, id, write: false);
        if (spreadsheet is null) return refusal!;
        var ranges = http.Request.Query["ranges"].OfType<string>().ToList();
        lock (spreadsheet.Gate)
        {
            var views = new List<ValueRangeView>();
            foreach (var range in ranges)
            {
                var (view, error) = Read(spreadsheet, range, options);
                if (error is not null) return error;
                views.Add(view!);
            }
            return Results.Json(new { spreadsheetId = spreadsheet.Id, valueRanges = ranges.Count > 0 ? views : null });
        }
    }

    private static async Task<IResult> UpdateAsync(string id, string range, HttpContext http, SpreadsheetStore store)
    {
        var query = http.Request.Query;
        var (userEntered, badInput) = InputOption(Single(query["valueInputOption"]));
        if (badInput is not null) return badInput;
        var (options, bad) = ReadOptions(query, response: true);
        if (bad is not null) return bad;
        var (spreadsheet, refusal) = Open(http, store, id, write: true);
        if (spreadsheet is null) return refusal!;
        var (body, invalid) = await ReadJsonAsync(http.Request);
        if (invalid is not null) return invalid;
        var (rows, badValues) = ReadValues(body, userEntered);
        if (badValues is not null) return badValues;
        lock (spreadsheet.Gate)
        {
            var (view, error) = Write(spreadsheet, range, rows!, IsTrue(query["includeValuesInResponse"]) ? options : null);
            return error ?? Results.Json(view);
        }
    }

    /// <summary>
    /// values.append: finds the table at the range (the first rows with data from the range's top, going on down
    /// past its end while rows have data) and writes after its last row, from its first column; OVERWRITE writes
    /// into the rows below, INSERT_ROWS inserts new rows for the values.
    /// </summary>
    private static async Task<IResult> AppendAsync(string id, string range, HttpContext http, SpreadsheetStore store)
    {
        var query = http.Request.Query;
        var (userEntered, badInput) = InputOption(Single(query["valueInputOption"]));
        if (badInput is not null) return badInput;
        var insert = Single(query["insertDataOption"]) switch
        {
            null or "OVERWRITE" => (bool?)false,
            "INSERT_ROWS" => true,
            _ => null,
        };
        if (insert is null) return EnumError("insert_data_option", "InsertDataOption", Single(query["insertDataOption"])!);
        var (options, bad) = ReadOptions(query, response: true);
        if (bad is not null) return bad;
        var (spreadsheet, refusal) = Open(http, store, id, write: true);
        if (spreadsheet is null) return refusal!;
        var (body, invalid) = await ReadJsonAsync(http.Request);
        if (invalid is not null) return invalid;
        var (rows, badValues) = ReadValues(body, userEntered);
        if (badValues is not null) return badValues;

        lock (spreadsheet.Gate)
        {
            if (Resolve(spreadsheet, range) is not var (sheet, cells)) return GoogleErrors.BadRange(range);
            var searchEnd = cells.SingleCell ? sheet.RowCount : Math.Min(cells.Row1 ?? sheet.RowCount, sheet.RowCount);
            var col0 = cells.Col0;
            var col1 = cells.SingleCell ? sheet.ColumnCount : Math.Min(cells.Col1 ?? sheet.ColumnCount, sheet.ColumnCount);
            var top = Enumerable.Range(cells.Row0, Math.Max(0, Math.Min(searchEnd, sheet.DataRows) - cells.Row0)).Cast<int?>()
                .FirstOrDefault(row => sheet.RowHasData(row!.Value, col0, col1));
            string? tableRange = null;
            int writeRow = cells.Row0, writeCol = col0;
            if (top is { } start)
            {
                var end = start;
                while (end < sheet.DataRows && sheet.RowHasData(end, col0, col1)) end++;
                var used = Enumerable.Range(col0, col1 - col0).Where(col => Enumerable.Range(start, end - start).Any(row => sheet.Get(row, col) is not null)).ToList();
                tableRange = A1Notation.Format(sheet.Title, start, used[0], end, used[^1] + 1);
                (writeRow, writeCol) = (end, used[0]);
            }
            if (insert.Value && rows!.Count > 0) sheet.InsertRows(writeRow, rows.Count);
            var updates = Put(spreadsheet, sheet, writeRow, writeCol, rows!, IsTrue(query["includeValuesInResponse"]) ? options : null);
            return Results.Json(new { spreadsheetId = spreadsheet.Id, tableRange, updates });
        }
    }

    private static IResult Clear(string id, string range, HttpContext http, SpreadsheetStore store)
    {
        var (spreadsheet, refusal) = Open(http, store, id, write: true);
        if (spreadsheet is null) return refusal!;
        lock (spreadsheet.Gate)
        {
            var (cleared, error) = ClearRange(spreadsheet, range);
            return error ?? Results.Json(new { spreadsheetId = spreadsheet.Id, clearedRange = cleared });
        }
    }

    private static async Task<IResult> BatchUpdateAsync(string id, HttpContext http, SpreadsheetStore store)
    {
        var (spreadsheet, refusal) = Open(http, store, id, write: true);
        if (spreadsheet is null) return refusal!;
        var (body, invalid) = await ReadJsonAsync(http.Request);
        if (invalid is not null) return invalid;
        var (userEntered, badInput) = InputOption(Text(body, "valueInputOption"));
        if (badInput is not null) return badInput;
        var options = IsTrue(Text(body, "includeValuesInResponse")) ? new ReadOptionSet("ROWS", Text(body, "responseValueRenderOption") ?? "FORMATTED_VALUE") : null;
        var data = Property(body, "data") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];
        var inputs = new List<(string Range, List<List<Input>> Rows)>();
        foreach (var valueRange in data)
        {
            if (Text(valueRange, "range") is not { } range) return GoogleErrors.InvalidArgument("Invalid data[0]: a ValueRange needs a range.");
            var (rows, badValues) = ReadValues(valueRange, userEntered);
            if (badValues is not null) return badValues;
            inputs.Add((range, rows!));
        }
        lock (spreadsheet.Gate)
        {
            // Every range is checked before any is written: a bad one changes nothing.
            foreach (var (range, _) in inputs)
                if (Resolve(spreadsheet, range) is null) return GoogleErrors.BadRange(range);
            var responses = new List<UpdateView>();
            foreach (var (range, rows) in inputs)
            {
                var (view, error) = Write(spreadsheet, range, rows, options);
                if (error is not null) return error;
                responses.Add(view!);
            }
            return Results.Json(new
            {
                spreadsheetId = spreadsheet.Id,
                totalUpdatedRows = responses.Sum(r => r.UpdatedRows ?? 0),
                totalUpdatedColumns = responses.Sum(r => r.UpdatedColumns ?? 0),
                totalUpdatedCells = responses.Sum(r => r.UpdatedCells ?? 0),
                totalUpdatedSheets = responses.Where(r => r.UpdatedCells > 0).Select(r => r.UpdatedRange.Split('!')[0]).Distinct().Count(),
                responses,
            });
        }
    }

    private static async Task<IResult> BatchClearAsync(string id, HttpContext http, SpreadsheetStore store)
    {
        var (spreadsheet, refusal) = Open(http, store, id, write: true);
        if (spreadsheet is null) return refusal!;
        var (body, invalid) = await ReadJsonAsync(http.Request);
        if (invalid is not null) return invalid;
        var ranges = Property(body, "ranges") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(r => r.GetString()).OfType<string>().ToList() : [];
        lock (spreadsheet.Gate)
        {
            foreach (var range in ranges)
                if (Resolve(spreadsheet, range) is null) return GoogleErrors.BadRange(range);
            var cleared = ranges.Select(range => ClearRange(spreadsheet, range).Cleared).ToList();
            return Results.Json(new { spreadsheetId = spreadsheet.Id, clearedRanges = cleared });
        }
    }

    // ---- cells ----

    /// <summary>A value to write; <see cref="Skip"/> is a JSON null, which leaves the cell as it is.</summary>
    private readonly record struct Input(bool Skip, object? Value);

    private sealed record ReadOptionSet(string MajorDimension, string ValueRenderOption);

    private sealed record ValueRangeView(string Range, string MajorDimension, List<List<object>>? Values);

    private sealed record UpdateView(string SpreadsheetId, string UpdatedRange, int? UpdatedRows, int? UpdatedColumns, int? UpdatedCells, ValueRangeView? UpdatedData);

    private static (Sheet Sheet, CellRange Cells)? Resolve(Spreadsheet spreadsheet, string text)
    {
        if (A1Notation.Parse(text) is not { } parsed) return null;
        if (parsed.SheetTitle is null)
        {
            // A bare name is a sheet's title before it is cells: a sheet may be called "AB1".
            if (spreadsheet.SheetTitled(text.Trim()) is { } named) return (named, CellRange.Whole);
            return (spreadsheet.Sheets.OrderBy(s => s.Index).First(), parsed.Cells);
        }
        return spreadsheet.SheetTitled(parsed.SheetTitle) is { } sheet ? (sheet, parsed.Cells) : null;
    }

    private static (ValueRangeView? View, IResult? Error) Read(Spreadsheet spreadsheet, string range, ReadOptionSet options)
    {
        if (Resolve(spreadsheet, range) is not var (sheet, cells)) return (null, GoogleErrors.BadRange(range));
        if (cells.Row0 >= sheet.RowCount || cells.Col0 >= sheet.ColumnCount) return (null, BeyondGrid(sheet, range));
        var row1 = Math.Min(cells.Row1 ?? sheet.RowCount, sheet.RowCount);
        var col1 = Math.Min(cells.Col1 ?? sheet.ColumnCount, sheet.ColumnCount);
        return (View(sheet, cells.Row0, cells.Col0, row1, col1, options), null);
    }

    /// <summary>A ValueRange of the cells, trailing empty rows and cells left out.</summary>
    private static ValueRangeView View(Sheet sheet, int row0, int col0, int row1, int col1, ReadOptionSet options)
    {
        var rows = new List<List<object>>();
        for (var row = row0; row < Math.Min(row1, sheet.DataRows); row++)
        {
            var cells = new List<object>();
            for (var col = col0; col < col1; col++) cells.Add(Render(sheet.Get(row, col), options.ValueRenderOption));
            rows.Add(Trimmed(cells));
        }
        if (options.MajorDimension == "COLUMNS")
        {
            var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
            rows = [.. Enumerable.Range(0, width).Select(col => Trimmed([.. rows.Select(r => col < r.Count ? r[col] : "")]))];
        }
        while (rows.Count > 0 && rows[^1].Count == 0) rows.RemoveAt(rows.Count - 1);
        return new ValueRangeView(A1Notation.Format(sheet.Title, row0, col0, row1, col1), options.MajorDimension, rows.Count > 0 ? rows : null);
    }

    private static List<object> Trimmed(List<object> cells)
    {
        while (cells.Count > 0 && cells[^1] is "") cells.RemoveAt(cells.Count - 1);
        return cells;
    }

    /// <summary>FORMATTED_VALUE writes everything as text; UNFORMATTED_VALUE and FORMULA keep numbers and booleans.</summary>
    private static object Render(object? value, string renderOption) => value switch
    {
        null => "",
        double number when renderOption == "FORMATTED_VALUE" => number.ToString(CultureInfo.InvariantCulture),
        bool flag when renderOption == "FORMATTED_VALUE" => flag ? "TRUE" : "FALSE",
        _ => value,
    };

    private static (UpdateView? View, IResult? Error) Write(Spreadsheet spreadsheet, string range, List<List<Input>> rows, ReadOptionSet? echo)
    {
        if (Resolve(spreadsheet, range) is not var (sheet, cells)) return (null, GoogleErrors.BadRange(range));
        // One cell, or a whole sheet, is where the values start; a range with ends is a bound they must keep within.
        var maxRows = cells.SingleCell || cells.Row1 is null ? int.MaxValue : cells.Row1.Value - cells.Row0;
        var maxCols = cells.SingleCell || cells.Col1 is null ? int.MaxValue : cells.Col1.Value - cells.Col0;
        var bound = A1Notation.Format(sheet.Title, cells.Row0, cells.Col0, cells.Row1 ?? sheet.RowCount, cells.Col1 ?? sheet.ColumnCount);
        if (rows.Count > maxRows)
            return (null, GoogleErrors.InvalidArgument($"Requested writing within range [{bound}], but tried writing to row [{cells.Row0 + maxRows + 1}]"));
        if (rows.Any(row => row.Count > maxCols))
            return (null, GoogleErrors.InvalidArgument($"Requested writing within range [{bound}], but tried writing to column [{A1Notation.ColumnName(cells.Col0 + maxCols)}]"));
        return (Put(spreadsheet, sheet, cells.Row0, cells.Col0, rows, echo), null);
    }

    private static UpdateView Put(Spreadsheet spreadsheet, Sheet sheet, int row0, int col0, List<List<Input>> rows, ReadOptionSet? echo)
    {
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (width == 0)
            return new UpdateView(spreadsheet.Id, A1Notation.Format(sheet.Title, row0, col0, row0 + 1, col0 + 1), null, null, null, null);
        int cellsWritten = 0, rowsWritten = 0;
        var columnsWritten = new HashSet<int>();
        for (var r = 0; r < rows.Count; r++)
        {
            var any = false;
            for (var c = 0; c < rows[r].Count; c++)
            {
                if (rows[r][c].Skip) continue;
                sheet.Set(row0 + r, col0 + c, rows[r][c].Value);
                cellsWritten++;
                columnsWritten.Add(c);
                any = true;
            }
            if (any) rowsWritten++;
        }
        sheet.Grow(row0 + rows.Count, col0 + width);
        var written = A1Notation.Format(sheet.Title, row0, col0, row0 + rows.Count, col0 + width);
        return new UpdateView(spreadsheet.Id, written, rowsWritten, columnsWritten.Count, cellsWritten,
            echo is null ? null : View(sheet, row0, col0, row0 + rows.Count, col0 + width, echo));
    }

    private static (string? Cleared, IResult? Error) ClearRange(Spreadsheet spreadsheet, string range)
    {
        if (Resolve(spreadsheet, range) is not var (sheet, cells)) return (null, GoogleErrors.BadRange(range));
        var row1 = Math.Min(cells.Row1 ?? sheet.RowCount, sheet.RowCount);
        var col1 = Math.Min(cells.Col1 ?? sheet.ColumnCount, sheet.ColumnCount);
        for (var row = cells.Row0; row < Math.Min(row1, sheet.DataRows); row++)
            for (var col = cells.Col0; col < col1; col++)
                if (sheet.Get(row, col) is not null) sheet.Set(row, col, null);
        return (A1Notation.Format(sheet.Title, cells.Row0, cells.Col0, row1, col1), null);
    }

    /// <summary>
    /// A ValueRange body's values, by rows (transposed from COLUMNS). USER_ENTERED reads text as a user typing it
    /// would (numbers, TRUE/FALSE; a leading apostrophe keeps text); RAW stores text as given. Dates stay text.
    /// </summary>
    private static (List<List<Input>>? Rows, IResult? Bad) ReadValues(JsonElement body, bool userEntered)
    {
        var dimension = Text(body, "majorDimension") ?? "ROWS";
        if (dimension is not ("ROWS" or "COLUMNS" or "DIMENSION_UNSPECIFIED")) return (null, EnumError("data.major_dimension", "Dimension", dimension));
        var rows = new List<List<Input>>();
        if (Property(body, "values") is { ValueKind: JsonValueKind.Array } values)
        {
            var r = 0;
            foreach (var row in values.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array) return (null, GoogleErrors.InvalidArgument($"Invalid values[{r}]: {row.GetRawText()}"));
                var cells = new List<Input>();
                var c = 0;
                foreach (var cell in row.EnumerateArray())
                {
                    Input? input = cell.ValueKind switch
                    {
                        JsonValueKind.Null => new Input(true, null),
                        JsonValueKind.Number => new Input(false, cell.GetDouble()),
                        JsonValueKind.True => new Input(false, true),
                        JsonValueKind.False => new Input(false, false),
                        JsonValueKind.String => new Input(false, Entered(cell.GetString()!, userEntered)),
                        _ => null,
                    };
                    if (input is null)
                        return (null, GoogleErrors.InvalidArgument($"Invalid values[{r}][{c}]: {(cell.ValueKind == JsonValueKind.Array ? "list_value" : "struct_value")} {cell.GetRawText()}"));
                    cells.Add(input.Value);
                    c++;
                }
                rows.Add(cells);
                r++;
            }
        }
        if (dimension == "COLUMNS")
        {
            var height = rows.Count == 0 ? 0 : rows.Max(col => col.Count);
            rows = [.. Enumerable.Range(0, height).Select(row => rows.Select(col => row < col.Count ? col[row] : new Input(true, null)).ToList())];
        }
        return (rows, null);
    }

    private static object? Entered(string text, bool userEntered)
    {
        if (text.Length == 0) return null;
        if (!userEntered) return text;
        if (text[0] == '\'') return text.Length > 1 ? text[1..] : null;
        if (text.Equals("TRUE", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("FALSE", StringComparison.OrdinalIgnoreCase)) return false;
        return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number) ? number : text;
    }

    // ---- requests ----

    /// <summary>The spreadsheet, if the caller may: scopes first, then whether it exists, then whose it is.</summary>
    private static (Spreadsheet? Spreadsheet, IResult? Refusal) Open(HttpContext http, SpreadsheetStore store, string id, bool write)
    {
        var caller = http.Caller();
        if (!(write ? WriteScopes : ReadScopes).Any(caller.HasScope)) return (null, GoogleErrors.InsufficientScopes());
        store.Touch(caller.Identity);
        if (store.Find(id) is not { } spreadsheet) return (null, GoogleErrors.NotFound());
        return spreadsheet.OwnerUserId == caller.Identity.UserId ? (spreadsheet, null) : (null, GoogleErrors.PermissionDenied());
    }

    private static (ReadOptionSet Options, IResult? Bad) ReadOptions(IQueryCollection query, bool response = false)
    {
        var dimension = Single(query["majorDimension"]) ?? "ROWS";
        if (dimension == "DIMENSION_UNSPECIFIED") dimension = "ROWS";
        if (dimension is not ("ROWS" or "COLUMNS")) return (null!, EnumError("major_dimension", "Dimension", dimension));
        var renderName = response ? "responseValueRenderOption" : "valueRenderOption";
        var render = Single(query[renderName]) ?? "FORMATTED_VALUE";
        if (render is not ("FORMATTED_VALUE" or "UNFORMATTED_VALUE" or "FORMULA"))
            return (null!, EnumError(response ? "response_value_render_option" : "value_render_option", "ValueRenderOption", render));
        return (new ReadOptionSet(dimension, render), null);
    }

    private static (bool UserEntered, IResult? Bad) InputOption(string? value) => value switch
    {
        null or "INPUT_VALUE_OPTION_UNSPECIFIED" => (false, GoogleErrors.InvalidArgument("'valueInputOption' is required but not specified")),
        "RAW" => (false, null),
        "USER_ENTERED" => (true, null),
        _ => (false, EnumError("value_input_option", "ValueInputOption", value)),
    };

    private static IResult EnumError(string field, string type, string value) =>
        GoogleErrors.InvalidArgument($"Invalid value at '{field}' (type.googleapis.com/google.apps.sheets.v4.{type}), \"{value}\"");

    private static IResult BeyondGrid(Sheet sheet, string range) =>
        GoogleErrors.InvalidArgument($"Range ({range}) exceeds grid limits. Max rows: {sheet.RowCount}, max columns: {sheet.ColumnCount}");

    private static IResult MethodNotFound() => GoogleErrors.Error(StatusCodes.Status404NotFound, "NOT_FOUND", "Method not found.");

    private static async Task<(JsonElement Body, IResult? Invalid)> ReadJsonAsync(HttpRequest request, bool allowEmpty = false)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null)
                : (default, GoogleErrors.InvalidArgument($"Invalid JSON payload received. Expected an object, got: {document.RootElement.GetRawText()}"));
        }
        catch (JsonException e) when (allowEmpty && e.BytePositionInLine == 0 && e.LineNumber == 0)
        {
            return (default, null);
        }
        catch (JsonException)
        {
            return (default, GoogleErrors.InvalidArgument("Invalid JSON payload received. Unexpected token."));
        }
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    private static string? Single(StringValues values) => values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static bool IsTrue(StringValues values) => "true".Equals(Single(values), StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string? value) => "true".Equals(value, StringComparison.OrdinalIgnoreCase);
}
