using System.Globalization;
using System.Security;
using ScottPlot;
using SkiaSharp;

namespace Sim.Charts;

/// <summary>
/// Several charts composed into one image: a title band across the top, then the panels row by row in
/// a grid of equal cells. Used for the dashboard and the scaling strategy; saved with
/// <see cref="ChartExport"/> like a single <see cref="Plot"/>. The panels are kept (not copied): style
/// them before rendering. Not thread-safe while a panel is being changed.
/// </summary>
public sealed class ChartGrid
{
    /// <summary>Height of the title band, pixels.</summary>
    public const int TitleHeight = 56;

    /// <summary>Creates a grid.</summary>
    /// <param name="title">Title across the top of the image.</param>
    /// <param name="columns">Panels per row, ≥ 1.</param>
    /// <param name="panels">The charts, row by row; at least one.</param>
    public ChartGrid(string title, int columns, IReadOnlyList<Plot> panels)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (panels.Count == 0) throw new ArgumentException("At least one panel is needed.", nameof(panels));
        Title = title;
        Columns = Math.Min(columns, panels.Count);
        Panels = panels;
    }

    /// <summary>The title across the top.</summary>
    public string Title { get; }

    /// <summary>Panels per row.</summary>
    public int Columns { get; }

    /// <summary>Rows of panels.</summary>
    public int Rows => (Panels.Count + Columns - 1) / Columns;

    /// <summary>The panels, row by row.</summary>
    public IReadOnlyList<Plot> Panels { get; }

    private (int X, int Y, int W, int H) Cell(int index, int width, int height)
    {
        int w = width / Columns, h = (height - TitleHeight) / Rows;
        return (index % Columns * w, TitleHeight + index / Columns * h, w, h);
    }

    /// <summary>Renders the grid as PNG bytes.</summary>
    /// <param name="width">Width, pixels; at least 100 per column.</param>
    /// <param name="height">Height, pixels; at least <see cref="TitleHeight"/> + 100 per row.</param>
    public byte[] GetPngBytes(int width, int height)
    {
        CheckSize(width, height);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var titleFont = new SKFont(ChartFonts.Typeface(bold: true), 26))
        using (var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            canvas.DrawText(Title, width / 2f, TitleHeight * 0.68f, SKTextAlign.Center, titleFont, ink);
        for (int i = 0; i < Panels.Count; i++)
        {
            (int x, int y, int w, int h) = Cell(i, width, height);
            // Each panel on a surface of its own, as a single chart is drawn, then copied into its cell (opaque pixels at
            // whole-pixel offsets: the same pixels as going through a PNG of the panel, without encoding and decoding it).
            using SKImage panel = ChartExport.Render(Panels[i], w, h);
            canvas.DrawImage(panel, x, y);
        }
        using SKImage snapshot = surface.Snapshot();
        return ChartExport.EncodePng(snapshot);
    }

    /// <summary>Renders the grid as one SVG document: each panel's SVG nested at its cell.</summary>
    /// <param name="width">Width, pixels; at least 100 per column.</param>
    /// <param name="height">Height, pixels; at least <see cref="TitleHeight"/> + 100 per row.</param>
    public string GetSvg(int width, int height)
    {
        CheckSize(width, height);
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        sb.Append(inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        sb.Append(inv, $"<text x=\"{width / 2}\" y=\"{TitleHeight * 0.68:F0}\" text-anchor=\"middle\" font-family=\"{SecurityElement.Escape(ChartFonts.Resolve())}\" font-size=\"26\" font-weight=\"bold\">{SecurityElement.Escape(Title)}</text>");
        for (int i = 0; i < Panels.Count; i++)
        {
            (int x, int y, int w, int h) = Cell(i, width, height);
            string panel = Panels[i].GetSvgXml(w, h);
            int start = panel.IndexOf("<svg", StringComparison.Ordinal);
            if (start < 0) throw new InvalidOperationException("ScottPlot returned SVG without an <svg> element.");
            sb.Append(inv, $"<svg x=\"{x}\" y=\"{y}\"").Append(panel, start + 4, panel.Length - start - 4);
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100 * Columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, TitleHeight + 100 * Rows);
    }
}
