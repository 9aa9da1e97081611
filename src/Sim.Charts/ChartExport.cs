using ScottPlot;
using Sim.Io;

namespace Sim.Charts;

/// <summary>
/// Writes charts to disk as PNG or SVG. Each write is atomic (<see cref="AtomicFile"/>): a reader never
/// sees a half-written file. Stateless and thread-safe as long as each <see cref="Plot"/> is used by one thread.
/// </summary>
public static class ChartExport
{
    /// <summary>Default image width, pixels.</summary>
    public const int DefaultWidth = 1000;

    /// <summary>Default image height, pixels.</summary>
    public const int DefaultHeight = 600;

    /// <summary>Renders <paramref name="plot"/> as PNG bytes.</summary>
    /// <param name="plot">The chart.</param>
    /// <param name="width">Width, pixels, ≥ 1.</param>
    /// <param name="height">Height, pixels, ≥ 1.</param>
    public static byte[] GetPngBytes(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        using Image image = plot.GetImage(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    /// <summary>Renders <paramref name="plot"/> as an SVG document.</summary>
    /// <param name="plot">The chart.</param>
    /// <param name="width">Width, pixels, ≥ 1.</param>
    /// <param name="height">Height, pixels, ≥ 1.</param>
    public static string GetSvg(Plot plot, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return plot.GetSvgXml(width, height);
    }

    /// <summary>Writes <paramref name="plot"/> to <paramref name="path"/> as a PNG, atomically; the folder is created if missing.</summary>
    /// <param name="plot">The chart.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="width">Width, pixels, ≥ 1; default <see cref="DefaultWidth"/>.</param>
    /// <param name="height">Height, pixels, ≥ 1; default <see cref="DefaultHeight"/>.</param>
    public static void SavePng(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = GetPngBytes(plot, width, height);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes <paramref name="plot"/> to <paramref name="path"/> as an SVG (UTF-8, no BOM), atomically; the folder is created if missing.</summary>
    /// <param name="plot">The chart.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="width">Width, pixels, ≥ 1; default <see cref="DefaultWidth"/>.</param>
    /// <param name="height">Height, pixels, ≥ 1; default <see cref="DefaultHeight"/>.</param>
    public static void SaveSvg(Plot plot, string path, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = new System.Text.UTF8Encoding(false).GetBytes(GetSvg(plot, width, height));
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Default size of one grid cell, pixels (width × height).</summary>
    public const int DefaultCellWidth = 800, DefaultCellHeight = 500;

    private static (int W, int H) Size(ChartGrid grid, int? width, int? height) =>
        (width ?? DefaultCellWidth * grid.Columns, height ?? ChartGrid.TitleHeight + DefaultCellHeight * grid.Rows);

    /// <summary>Writes <paramref name="grid"/> to <paramref name="path"/> as a PNG, atomically; the folder is created if missing.</summary>
    /// <param name="grid">The composed charts.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="width">Width, pixels; default <see cref="DefaultCellWidth"/> per column.</param>
    /// <param name="height">Height, pixels; default <see cref="DefaultCellHeight"/> per row plus the title band.</param>
    public static void SavePng(ChartGrid grid, string path, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentException.ThrowIfNullOrEmpty(path);
        (int w, int h) = Size(grid, width, height);
        byte[] bytes = grid.GetPngBytes(w, h);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes <paramref name="grid"/> to <paramref name="path"/> as an SVG (UTF-8, no BOM), atomically; the folder is created if missing.</summary>
    /// <param name="grid">The composed charts.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="width">Width, pixels; default <see cref="DefaultCellWidth"/> per column.</param>
    /// <param name="height">Height, pixels; default <see cref="DefaultCellHeight"/> per row plus the title band.</param>
    public static void SaveSvg(ChartGrid grid, string path, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentException.ThrowIfNullOrEmpty(path);
        (int w, int h) = Size(grid, width, height);
        byte[] bytes = new System.Text.UTF8Encoding(false).GetBytes(grid.GetSvg(w, h));
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
