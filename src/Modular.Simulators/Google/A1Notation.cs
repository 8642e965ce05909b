using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Modular.Simulators.Google;

/// <summary>
/// The cells part of an A1 range, 0-based with exclusive ends; a null end is open (to the grid's edge).
/// <see cref="SingleCell"/> marks a range written as one cell (<c>B2</c>), which a write or an append takes as an anchor.
/// </summary>
internal sealed record CellRange(int Row0, int Col0, int? Row1, int? Col1, bool SingleCell)
{
    public static readonly CellRange Whole = new(0, 0, null, null, SingleCell: false);
}

/// <summary>A range as written, parsed: the sheet's title when it named one, and its cells.</summary>
internal sealed record A1Range(string? SheetTitle, CellRange Cells, bool NamedCells);

/// <summary>
/// A1 notation as Sheets takes it: <c>Sheet1!A1:C10</c>, <c>Sheet1!A:C</c>, <c>Sheet1!2:5</c>, <c>Sheet1</c>,
/// <c>'My Sheet'!B2</c> (quotes doubled inside), and <c>A1:B2</c> for the first sheet.
/// </summary>
internal static partial class A1Notation
{
    public static A1Range? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text[0] == '\'')
        {
            var title = new StringBuilder();
            var i = 1;
            for (; i < text.Length; i++)
            {
                if (text[i] != '\'') title.Append(text[i]);
                else if (i + 1 < text.Length && text[i + 1] == '\'') title.Append(text[++i]);
                else break;
            }
            if (i >= text.Length || title.Length == 0) return null;
            var after = text[(i + 1)..];
            if (after.Length == 0) return new A1Range(title.ToString(), CellRange.Whole, NamedCells: false);
            return after[0] == '!' && Cells(after[1..]) is { } quoted ? new A1Range(title.ToString(), quoted, NamedCells: true) : null;
        }
        var bang = text.IndexOf('!');
        if (bang == 0) return null;
        if (bang > 0) return Cells(text[(bang + 1)..]) is { } cells ? new A1Range(text[..bang], cells, NamedCells: true) : null;
        // No '!': cells of the first sheet, or a sheet's title (the caller prefers a sheet of that title).
        return Cells(text) is { } bare ? new A1Range(null, bare, NamedCells: true) : new A1Range(text, CellRange.Whole, NamedCells: false);
    }

    private static CellRange? Cells(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0)) return null;
        var start = Reference(parts[0]);
        if (start is null) return null;
        if (parts.Length == 1)
        {
            var (col, row) = start.Value;
            return (col, row) switch
            {
                ({ } c, { } r) => new CellRange(r, c, r + 1, c + 1, SingleCell: true),
                ({ } c, null) => new CellRange(0, c, null, c + 1, SingleCell: false),
                (null, { } r) => new CellRange(r, 0, r + 1, null, SingleCell: false),
                _ => null,
            };
        }
        var end = Reference(parts[1]);
        if (end is null) return null;
        var (c0, r0) = start.Value;
        var (c1, r1) = end.Value;
        int row0 = r0 ?? 0, col0 = c0 ?? 0;
        int? row1 = r1 + 1, col1 = c1 + 1;
        // Sheets reads "C3:A1" as A1:C3.
        if (row1 is { } rEnd && rEnd <= row0) (row0, row1) = (rEnd - 1, row0 + 1);
        if (col1 is { } cEnd && cEnd <= col0) (col0, col1) = (cEnd - 1, col0 + 1);
        return new CellRange(row0, col0, row1, col1, SingleCell: false);
    }

    /// <summary>A cell reference's column and row, 0-based; either may be missing (<c>A</c>, <c>5</c>), not both.</summary>
    private static (int? Col, int? Row)? Reference(string text)
    {
        var match = ReferencePattern().Match(text);
        if (!match.Success || text.Length == 0) return null;
        int? col = match.Groups[1].Length > 0 ? Column(match.Groups[1].Value) : null;
        int? row = match.Groups[2].Length > 0 && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r >= 1 ? r - 1 : null;
        if (match.Groups[2].Length > 0 && row is null) return null;
        return (col, row);
    }

    private static int Column(string letters)
    {
        var col = 0;
        foreach (var letter in letters.ToUpperInvariant()) col = col * 26 + (letter - 'A' + 1);
        return col - 1;
    }

    public static string ColumnName(int col)
    {
        var name = new StringBuilder();
        for (col++; col > 0; col = (col - 1) / 26) name.Insert(0, (char)('A' + (col - 1) % 26));
        return name.ToString();
    }

    /// <summary>A sheet title as Sheets writes it in a range: bare when plain, else quoted with quotes doubled (quoting rules beyond these unverified).</summary>
    public static string Title(string title) =>
        PlainTitle().IsMatch(title) && !CellLike().IsMatch(title) ? title : $"'{title.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>A bounded range as Sheets answers it: <c>Orders!A1:E9</c>, or <c>Orders!B2</c> for one cell.</summary>
    public static string Format(string title, int row0, int col0, int row1, int col1)
    {
        var start = $"{ColumnName(col0)}{row0 + 1}";
        var end = $"{ColumnName(Math.Max(col1 - 1, col0))}{Math.Max(row1, row0 + 1)}";
        return $"{Title(title)}!{(start == end ? start : $"{start}:{end}")}";
    }

    [GeneratedRegex("^([A-Za-z]{0,3})([0-9]*)$")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainTitle();

    /// <summary>A title that reads as a cell (<c>AB12</c>, <c>R1C1</c>) is quoted.</summary>
    [GeneratedRegex("^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]+[Cc][0-9]+)$")]
    private static partial Regex CellLike();
}
