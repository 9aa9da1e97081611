using ScottPlot;
using Sim.Io;
using SkiaSharp;

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
        using SKImage image = Render(plot, width, height);
        return EncodePng(image);
    }

    /// <summary>
    /// Renders <paramref name="plot"/> on a raster surface of its own, as ScottPlot's <c>Plot.GetImage</c> does (RGBA, premultiplied,
    /// <paramref name="width"/> × <paramref name="height"/>), and returns the surface's pixels.
    /// </summary>
    internal static SKImage Render(Plot plot, int width, int height)
    {
        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width} × {height} surface.");
        plot.Render(surface.Canvas, width, height);
        return surface.Snapshot();
    }

    /// <summary>
    /// PNG of a raster image: the "up" filter and zlib level 3 instead of Skia's default (every filter tried per row, level 6).
    /// PNG is lossless, so the pixels are the same; on Sim's charts (large flat areas, rows that repeat) this encodes about
    /// 7× faster for files about 9 % larger (measured: docs/benchmarks.md, "sim phases, quick run").
    /// </summary>
    internal static byte[] EncodePng(SKImage image)
    {
        using SKPixmap pixels = image.PeekPixels() ?? throw new InvalidOperationException("The chart's image has no raster pixels to encode.");
        using SKData data = pixels.Encode(PngOptions) ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG.");
        return data.ToArray();
    }

    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Up, 3);

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
