using System.Text;

namespace Sim.Cli;

/// <summary>
/// Text from a scenario (names, descriptions) in the Markdown the tool writes (report.md, summary.md, capacity.md):
/// shown as written, never read as markup — HTML metacharacters become entities (as report.html encodes them), a '|'
/// cannot split a table cell, brackets cannot open a link, and a line break cannot start a heading, list or table.
/// </summary>
internal static class MarkdownText
{
    /// <summary>One line of text for a paragraph, heading, list item, table cell or image caption.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        bool space = false;
        foreach (char c in text)
        {
            if (c is '\n' or '\r' or '\t' or ' ')
            {
                space = true; // runs of white space, line breaks included, read as one space
                continue;
            }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\\' or '|' or '[' or ']' or '`' or '*': sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        // A line that starts like a heading, list item or rule is one only by accident here.
        if (sb.Length > 0 && sb[0] is '#' or '-' or '+' or '=') sb.Insert(0, '\\');
        return sb.ToString();
    }

    /// <summary>The text a cell written with <see cref="Escape"/> stands for (report.html reads the Markdown tables back).</summary>
    public static string Unescape(string cell)
    {
        var sb = new StringBuilder(cell.Length);
        for (int i = 0; i < cell.Length; i++)
        {
            if (cell[i] == '\\' && i + 1 < cell.Length && IsEscapable(cell[i + 1])) sb.Append(cell[++i]);
            else sb.Append(cell[i]);
        }
        return sb.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&").ToString();
    }

    /// <summary>The cells of one Markdown table row: split at every '|' that is not escaped, outer pipes dropped, cells trimmed and unescaped.</summary>
    public static string[] Cells(string row)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        string line = row.Trim();
        int start = line.StartsWith('|') ? 1 : 0;
        int end = line.EndsWith('|') && !line.EndsWith("\\|", StringComparison.Ordinal) ? line.Length - 1 : line.Length;
        for (int i = start; i < end; i++)
        {
            char c = line[i];
            if (c == '\\' && i + 1 < end)
            {
                cell.Append(c).Append(line[++i]);
                continue;
            }
            if (c == '|')
            {
                cells.Add(Unescape(cell.ToString().Trim()));
                cell.Clear();
                continue;
            }
            cell.Append(c);
        }
        cells.Add(Unescape(cell.ToString().Trim()));
        return [.. cells];
    }

    /// <summary>A relative file path as a Markdown link target: each segment percent-encoded, so spaces or brackets in a phase name cannot end the link.</summary>
    public static string LinkPath(string relative) =>
        string.Join('/', relative.Replace('\\', '/').Split('/').Select(Uri.EscapeDataString));

    private static bool IsEscapable(char c) => c is '\\' or '|' or '[' or ']' or '`' or '*' or '#' or '-' or '+' or '=';
}
