using SkiaSharp;

namespace Sim.Charts.Tests;

public sealed class ChartExportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sim-charts-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static ScottPlot.Plot Sample()
    {
        var plot = new ScottPlot.Plot();
        plot.Font.Set(ChartFonts.Resolve());
        plot.Title("Sample title");
        plot.XLabel("Time (s)");
        plot.Add.Scatter(new double[] { 0, 1, 2 }, new double[] { 1, 3, 2 });
        return plot;
    }

    [Fact]
    public void SavePng_CreatesTheFolder_WritesTheRequestedSize_LeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "nested", "chart.png");
        ChartExport.SavePng(Sample(), path, 320, 200);
        using SKBitmap bitmap = SKBitmap.Decode(path);
        Assert.Equal((320, 200), (bitmap.Width, bitmap.Height));
        Assert.Equal(["chart.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    /// <summary>Decoded pixels, RGBA unpremultiplied, whatever the PNG's own layout.</summary>
    internal static byte[] Pixels(byte[] png, out int width, out int height)
    {
        using SKCodec codec = SKCodec.Create(new SKMemoryStream(png));
        SKImageInfo info = codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        (width, height) = (info.Width, info.Height);
        return bitmap.GetPixelSpan().ToArray();
    }

    [Fact]
    public void GetPngBytes_HasScottPlotsOwnPixels_InFewerBytesOfWork()
    {
        // The encoder's settings are Sim's (a faster filter and zlib level); the picture must be exactly ScottPlot's.
        ScottPlot.Plot plot = Sample();
        byte[] ours = ChartExport.GetPngBytes(plot, 320, 200);
        using ScottPlot.Image image = plot.GetImage(320, 200);
        byte[] scottPlots = image.GetImageBytes(ScottPlot.ImageFormat.Png);
        Assert.NotEqual(scottPlots, ours); // else the test would not check the encoder's settings
        Assert.Equal(Pixels(scottPlots, out _, out _), Pixels(ours, out int w, out int h));
        Assert.Equal((320, 200), (w, h));
    }

    [Fact]
    public void SaveSvg_OverwritesAnExistingFile_WithUtf8WithoutBom()
    {
        string path = Path.Combine(_folder, "chart.svg");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(path, "old");
        ChartExport.SaveSvg(Sample(), path, 320, 200);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal((byte)'<', bytes[0]); // no byte-order mark
        Assert.Contains("Sample title", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(100, -1)]
    public void Export_RejectsNonPositiveSizes(int width, int height)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartExport.GetPngBytes(Sample(), width, height));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChartExport.GetSvg(Sample(), width, height));
    }

    [Fact]
    public void Export_RejectsEmptyPath() =>
        Assert.Throws<ArgumentException>(() => ChartExport.SavePng(Sample(), ""));
}
