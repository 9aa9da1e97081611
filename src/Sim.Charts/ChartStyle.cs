using System.Globalization;
using ScottPlot;

namespace Sim.Charts;

/// <summary>Shared look of Sim's charts: font, palette, category ticks, number formatting. Stateless.</summary>
internal static class ChartStyle
{
    /// <summary>Category10 colours, in order.</summary>
    internal static readonly Color[] Series = new ScottPlot.Palettes.Category10().Colors;

    /// <summary>Semantic colours: good (hit, service) and bad (miss, queueing).</summary>
    internal static readonly Color Good = Color.FromHex("#2ca02c");
    internal static readonly Color Bad = Color.FromHex("#d62728");
    internal static readonly Color Neutral = Color.FromHex("#1f77b4");

    internal static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Resolve());
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontSize = 18;
        return plot;
    }

    /// <summary>Applies the resolved font to everything added so far (value labels, texts, legend) and returns the plot.</summary>
    internal static Plot Finish(Plot plot)
    {
        string font = ChartFonts.Resolve();
        plot.Font.Set(font);
        foreach (IPlottable p in plot.GetPlottables())
        {
            switch (p)
            {
                case ScottPlot.Plottables.BarPlot bars: bars.ValueLabelStyle.FontName = font; break;
                case ScottPlot.Plottables.Text text: text.LabelFontName = font; break;
                case ScottPlot.Plottables.VerticalLine line: line.LabelFontName = font; break;
                case ScottPlot.Plottables.HorizontalLine line: line.LabelFontName = font; break;
            }
        }
        plot.Legend.FontName = font;
        return plot;
    }

    /// <summary>Category labels at positions 0, 1, 2, … on <paramref name="axis"/>.</summary>
    internal static void CategoryTicks(IAxis axis, IReadOnlyList<string> labels)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < labels.Count; i++) ticks.AddMajor(i, labels[i]);
        axis.TickGenerator = ticks;
        axis.MajorTickStyle.Length = 0;
    }

    /// <summary>Rotates bottom tick labels when there are many categories, so long phase names do not collide.</summary>
    internal static void FitBottomCategoryLabels(Plot plot, int count)
    {
        if (count <= 4) return;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.UpperRight;
        plot.Axes.Bottom.MinimumSize = 110;
    }

    internal static void LegendEntry(Plot plot, string text, Color fill)
    {
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = text, FillColor = fill });
    }

    /// <summary>Three significant digits, invariant culture; "n/a" for NaN.</summary>
    internal static string Num(double value) => double.IsFinite(value)
        ? value.ToString(Math.Abs(value) >= 1000 ? "N0" : "G3", CultureInfo.InvariantCulture)
        : "n/a";

    /// <summary>"412 ms" style latency text from seconds.</summary>
    internal static string Ms(double seconds) => Num(seconds * 1000) + " ms";
}
