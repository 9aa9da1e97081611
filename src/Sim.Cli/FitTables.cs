using Spectre.Console;

namespace Sim.Cli;

/// <summary>
/// Lays out rows × columns as console tables that fit a width: the key columns (a phase, a sweep point) start every
/// table, and the other columns follow in groups — one table per group, and a group that does not fit the width is split
/// over as many tables as it needs. Nothing is dropped: a column wider than the width alone is left to Spectre, which
/// wraps its cells.
/// </summary>
internal static class FitTables
{
    /// <summary>A titled group of columns shown together when the width allows.</summary>
    public sealed record Group(string Title, IReadOnlyList<CliColumn> Columns);

    /// <summary>The tables for <paramref name="groups"/>, each no wider than <paramref name="width"/> when its columns allow.</summary>
    public static List<Table> Build(IReadOnlyList<CliColumn> keys, IReadOnlyList<Group> groups, int width)
    {
        var tables = new List<Table>();
        int keyWidth = keys.Sum(k => k.Width + 1) + 1;
        foreach (Group group in groups)
        {
            var parts = new List<List<CliColumn>>();
            var current = new List<CliColumn>();
            int used = keyWidth;
            foreach (CliColumn column in group.Columns)
            {
                if (current.Count > 0 && used + column.Width + 1 > width)
                {
                    parts.Add(current);
                    (current, used) = ([], keyWidth);
                }
                current.Add(column);
                used += column.Width + 1;
            }
            if (current.Count > 0) parts.Add(current);
            parts = Balanced(parts, keyWidth, width);
            for (int p = 0; p < parts.Count; p++)
            {
                string title = parts.Count == 1 ? group.Title : $"{(group.Title.Length > 0 ? group.Title : "Continued")} ({p + 1}/{parts.Count})";
                tables.Add(Table(title, [.. keys, .. parts[p]]));
            }
        }
        return tables;
    }

    /// <summary>
    /// The greedy split's columns spread evenly over the same number of tables (4 + 3 rather than 6 + 1) when every table
    /// still fits; otherwise the greedy split.
    /// </summary>
    private static List<List<CliColumn>> Balanced(List<List<CliColumn>> greedy, int keyWidth, int width)
    {
        if (greedy.Count < 2) return greedy;
        List<CliColumn> all = [.. greedy.SelectMany(p => p)];
        var parts = new List<List<CliColumn>>();
        int start = 0;
        for (int p = 0; p < greedy.Count; p++)
        {
            int size = (all.Count - start + (greedy.Count - p) - 1) / (greedy.Count - p);
            List<CliColumn> part = all.GetRange(start, size);
            if (keyWidth + part.Sum(c => c.Width + 1) > width) return greedy;
            parts.Add(part);
            start += size;
        }
        return parts;
    }

    /// <summary>One rounded table of <paramref name="columns"/> (cells are plain text: escaped here), titled unless the title is empty.</summary>
    public static Table Table(string title, IReadOnlyList<CliColumn> columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (title.Length > 0) table.Title(title.EscapeMarkup());
        foreach (CliColumn c in columns)
        {
            var column = new TableColumn(c.Header.EscapeMarkup());
            table.AddColumn(c.RightAligned ? column.RightAligned() : column);
        }
        int rows = columns.Count == 0 ? 0 : columns[0].Cells.Count;
        for (int r = 0; r < rows; r++) table.AddRow(columns.Select(c => c.Cells[r].EscapeMarkup()).ToArray());
        return table;
    }
}
