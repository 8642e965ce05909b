using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Modular.Simulators.OAuth;
using Modular.Simulators.Tenants;

namespace Modular.Simulators.Google;

/// <summary>
/// One sheet (tab): its grid's size and its cells, row by row. A cell holds a string, a double or a bool; an
/// empty one is null. Guarded by its spreadsheet's lock.
/// </summary>
internal sealed class Sheet(int sheetId, string title, int index, int rowCount = 1000, int columnCount = 26)
{
    private readonly List<List<object?>> _rows = [];

    public int SheetId { get; } = sheetId;
    public string Title { get; } = title;
    public int Index { get; } = index;
    public int RowCount { get; private set; } = rowCount;
    public int ColumnCount { get; private set; } = columnCount;

    public object? Get(int row, int col) => row < _rows.Count && col < _rows[row].Count ? _rows[row][col] : null;

    public void Set(int row, int col, object? value)
    {
        Grow(row + 1, col + 1);
        while (_rows.Count <= row) _rows.Add([]);
        var cells = _rows[row];
        while (cells.Count <= col) cells.Add(null);
        cells[col] = value;
    }

    /// <summary>The grid grows to hold what is written past its edge, as an append makes it.</summary>
    public void Grow(int rows, int cols)
    {
        RowCount = Math.Max(RowCount, rows);
        ColumnCount = Math.Max(ColumnCount, cols);
    }

    /// <summary>Empty rows at <paramref name="at"/>, the rows below moving down (an append's INSERT_ROWS).</summary>
    public void InsertRows(int at, int count)
    {
        RowCount += count;
        if (at >= _rows.Count) return;
        _rows.InsertRange(at, Enumerable.Range(0, count).Select(_ => new List<object?>()));
    }

    public bool RowHasData(int row, int col0, int col1)
    {
        if (row >= _rows.Count) return false;
        for (var col = col0; col < Math.Min(col1, _rows[row].Count); col++)
            if (_rows[row][col] is not null) return true;
        return false;
    }

    public int DataRows => _rows.Count;
}

internal sealed class Spreadsheet(string id, string ownerUserId, string title, string locale = "en_US", string timeZone = "Etc/GMT")
{
    /// <summary>One lock per spreadsheet: a request reads or writes it whole.</summary>
    public Lock Gate { get; } = new();
    public string Id { get; } = id;
    public string OwnerUserId { get; } = ownerUserId;
    public string Title { get; } = title;
    public string Locale { get; } = locale;
    public string TimeZone { get; } = timeZone;
    public List<Sheet> Sheets { get; } = [];

    public Sheet? SheetTitled(string title) => Sheets.FirstOrDefault(sheet => sheet.Title.Equals(title, StringComparison.OrdinalIgnoreCase));

    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(33));
}

/// <summary>
/// Every spreadsheet of every Google user, by id: a user reads another's only to be refused, as at Google. A
/// user's demo spreadsheets are made the first time the user, or a request for one of them, touches the store.
/// </summary>
internal sealed class SpreadsheetStore
{
    private readonly ConcurrentDictionary<string, Spreadsheet> _byId = new(StringComparer.Ordinal);
    private readonly TenantStore<IReadOnlyList<string>> _demo;

    public SpreadsheetStore() => _demo = new TenantStore<IReadOnlyList<string>>(identity => SheetsDemoData.Seed(identity, this));

    public void Touch(DemoIdentity user) => _demo.For(user);

    public Spreadsheet? Find(string id)
    {
        if (SheetsDemoData.OwnerOf(id) is { } owner) Touch(owner);
        return _byId.GetValueOrDefault(id);
    }

    public void Add(Spreadsheet spreadsheet) => _byId[spreadsheet.Id] = spreadsheet;
}

/// <summary>
/// Each demo user's "Demo sales" spreadsheet: sheet "Orders" (Date, Customer, Product, Quantity, Amount and 8
/// orders) and sheet "Contacts". Ids: <c>demo-sales-sheet</c> for the first user (the static token's),
/// <c>demo-sales-sheet-grace</c> for the second.
/// </summary>
internal static class SheetsDemoData
{
    public static string IdOf(DemoIdentity user) =>
        user == GoogleOAuth.Vendor.Identities[0] ? "demo-sales-sheet" : $"demo-sales-sheet-{user.AccountName.ToLowerInvariant()}";

    public static DemoIdentity? OwnerOf(string spreadsheetId) => GoogleOAuth.Vendor.Identities.FirstOrDefault(user => IdOf(user) == spreadsheetId);

    public static IReadOnlyList<string> Seed(DemoIdentity user, SpreadsheetStore store)
    {
        var first = user == GoogleOAuth.Vendor.Identities[0];
        var spreadsheet = new Spreadsheet(IdOf(user), user.UserId, "Demo sales");
        var orders = new Sheet(0, "Orders", 0);
        var contacts = new Sheet(first ? 1_204_993_571 : 1_877_420_318, "Contacts", 1);
        spreadsheet.Sheets.AddRange([orders, contacts]);

        object?[] header = ["Date", "Customer", "Product", "Quantity", "Amount"];
        var rows = first
            ? new object?[][]
            {
                ["2025-01-06", "Initech", "Widget", 12d, 1250.5], ["2025-01-07", "Hooli", "Gadget", 3d, 899d],
                ["2025-01-09", "Umbrella Supplies", "Widget", 40d, 4100d], ["2025-01-10", "Stark Logistics", "Sprocket", 7d, 315.75],
                ["2025-01-13", "Initech", "Gadget", 1d, 299.99], ["2025-01-14", "Hooli", "Sprocket", 25d, 1125d],
                ["2025-01-16", "Stark Logistics", "Widget", 9d, 940.5], ["2025-01-17", "Umbrella Supplies", "Gadget", 5d, 1499.95],
            }
            : new object?[][]
            {
                ["2025-02-03", "Soylent Foods", "Crate", 100d, 2500d], ["2025-02-04", "Wonka Industries", "Wrapper", 2000d, 380d],
                ["2025-02-05", "Cyberdyne Systems", "Servo", 4d, 5200d], ["2025-02-07", "Tyrell Corp", "Sensor", 16d, 7040d],
                ["2025-02-10", "Soylent Foods", "Pallet", 30d, 1350d], ["2025-02-11", "Wonka Industries", "Crate", 12d, 300d],
                ["2025-02-12", "Tyrell Corp", "Servo", 2d, 2600d], ["2025-02-14", "Cyberdyne Systems", "Sensor", 8d, 3520d],
            };
        Fill(orders, [header, .. rows]);
        Fill(contacts, first
            ? [["Name", "Email", "Company"], ["Alice Johnson", "alice.johnson@acme.example", "Initech"], ["Carol Nguyen", "carol.nguyen@acme.example", "Hooli"],
               ["David Kim", "david.kim@acme.example", "Stark Logistics"]]
            : [["Name", "Email", "Company"], ["Mia Anderson", "mia.anderson@globex.example", "Soylent Foods"], ["Olivia Brown", "olivia.brown@globex.example", "Wonka Industries"],
               ["Tara Singh", "tara.singh@globex.example", "Tyrell Corp"]]);
        store.Add(spreadsheet);
        return [spreadsheet.Id];
    }

    private static void Fill(Sheet sheet, object?[][] rows)
    {
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                sheet.Set(r, c, rows[r][c]);
    }
}
