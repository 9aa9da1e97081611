using Sim.Charts;

namespace Sim.Charts.Tests;

public class ChartFontsTests
{
    [Fact]
    public void Fonts_ArePresent_SoChartTextIsNotSilentlyMissing()
    {
        Assert.False(string.IsNullOrEmpty(ScottPlot.Fonts.Default));
        Assert.Equal(ChartFonts.PreferredSans, ChartFonts.Resolve());
    }

    [Fact]
    public void TitleText_PutsInkOnTheImage()
    {
        // Render the same titled plot twice, once with the title in black and once in white: the
        // layout is identical, so any difference in dark pixels is the title's ink. Without fonts
        // ScottPlot draws no glyphs and the two images are the same.
        static int DarkPixelsInTopBand(ScottPlot.Color titleColor)
        {
            var plot = new ScottPlot.Plot();
            plot.Font.Set(ChartFonts.Resolve());
            plot.Title("Response time");
            plot.Axes.Title.Label.ForeColor = titleColor;
            using var image = plot.GetImage(400, 300);
            using var bitmap = SkiaSharp.SKBitmap.Decode(image.GetImageBytes());
            int dark = 0;
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < bitmap.Width; x++)
                    if (bitmap.GetPixel(x, y).Red < 128) dark++;
            return dark;
        }

        int ink = DarkPixelsInTopBand(ScottPlot.Colors.Black) - DarkPixelsInTopBand(ScottPlot.Colors.White);
        Assert.True(ink > 100, $"title ink: {ink} dark pixels"); // 13 glyphs at the default size cover several hundred
    }
}
