namespace Sim.Cli;

/// <summary>
/// One column of a console table, before it is laid out: a header (lines separated by '\n'), one plain-text cell per
/// row (no markup), right-aligned unless it is text. See <see cref="FitTables"/>.
/// </summary>
internal sealed record CliColumn(string Header, IReadOnlyList<string> Cells, bool RightAligned = true)
{
    /// <summary>Columns the column takes in a rounded Spectre table: its widest line plus one space either side.</summary>
    public int Width => Math.Max(Header.Split('\n').Max(l => l.Length), Cells.Count == 0 ? 0 : Cells.Max(c => c.Length)) + 2;
}
