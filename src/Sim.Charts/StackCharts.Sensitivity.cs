using ScottPlot;
using Sim.Experiments;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    private static readonly Color LowSide = Color.FromHex("#1f77b4");
    private static readonly Color HighSide = Color.FromHex("#ff7f0e");

    /// <summary>
    /// The tornado chart of a <see cref="SensitivityStudy"/>: one row per parameter, the largest swing of
    /// <paramref name="metric"/> at the top; from the base (the vertical line at 0) a bar to the change at the parameter's
    /// low value and one to the change at its high value, each with a whisker for its paired 95 % interval and the value
    /// that side ran with at its end. The row label is the parameter's path and its base value. Parameters beyond
    /// <paramref name="maxParameters"/> are left out (the title says how many).
    /// </summary>
    /// <param name="result">The study's result; at least one entry.</param>
    /// <param name="metric">A name of <see cref="StackMetrics.All"/>; default the p95 latency (<c>latencyMs.p95</c>).</param>
    /// <param name="maxParameters">Rows at most, ≥ 1; default 15.</param>
    /// <exception cref="ArgumentException">No entries, or an unknown metric.</exception>
    public static Plot Sensitivity(SensitivityResult result, string metric = "latencyMs.p95", int maxParameters = 15)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParameters, 1);
        if (result.Entries.Count == 0) throw new ArgumentException("The study varied no parameter.", nameof(result));
        StackMetric m = StackMetrics.Get(metric);
        double scale = m.Unit == "fraction" ? 100 : 1;
        string unit = m.Unit == "fraction" ? "percentage points" : m.Unit;
        var rows = result.Entries
            .Select((e, i) => (Entry: e, Swing: e.Swing(m.Name), Index: i))
            .OrderBy(r => double.IsNaN(r.Swing) ? 1 : 0).ThenByDescending(r => double.IsNaN(r.Swing) ? 0 : r.Swing).ThenBy(r => r.Index)
            .Take(maxParameters).Select(r => r.Entry).ToList();
        string pct = (result.Plan.Delta * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        string cut = rows.Count < result.Entries.Count ? $", top {rows.Count} of {result.Entries.Count}" : "";
        double baseValue = result.Base[m.Name].Mean * scale;
        Plot plot = NewPlot($"Sensitivity of {m.Label.Replace(" (ms)", "", StringComparison.Ordinal)} to ±{pct} % — {result.Plan.Scenario.Name} / {result.Plan.Configuration}{cut}",
            $"Change of {m.Label} from the base ({Num(baseValue)}{(m.Unit == "ms" ? " ms" : "")}), paired 95 % CI ({unit})", "");
        plot.Axes.Title.Label.FontSize = 16;

        var bars = new List<Bar>();
        int n = rows.Count;
        double lo = 0, hi = 0;
        for (int i = 0; i < n; i++)
        {
            double y = n - 1 - i;
            SensitivityEntry e = rows[i];
            foreach (var (side, color, offset) in new[] { (e.Low, LowSide, -0.17), (e.High, HighSide, 0.17) })
            {
                PhaseDifference d = side.Difference(m.Name);
                if (!double.IsFinite(d.Difference)) continue;
                double v = d.Difference * scale, ci = double.IsFinite(d.PairedCi95) ? d.PairedCi95 * scale : 0;
                bars.Add(new Bar { Position = y + offset, ValueBase = 0, Value = v, Error = ci, ErrorSize = 0.15, Size = 0.32, FillColor = color, LineColor = Outline, LineWidth = 1 });
                lo = Math.Min(lo, v - ci);
                hi = Math.Max(hi, v + ci);
                var label = plot.Add.Text(e.Parameter.Format(side.Value).Replace("mean ", "", StringComparison.Ordinal), v >= 0 ? v + ci : v - ci, y + offset);
                label.LabelAlignment = v >= 0 ? Alignment.MiddleLeft : Alignment.MiddleRight;
                label.OffsetX = v >= 0 ? 4 : -4;
                label.LabelFontSize = 11;
            }
        }
        if (bars.Count > 0)
        {
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
        }
        var zero = plot.Add.VerticalLine(0, 1.5f, Colors.Black);
        zero.LinePattern = LinePattern.Solid;
        CategoryTicks(plot.Axes.Left, [.. rows.Select(r => $"{r.Parameter.Path} ({r.Parameter.Format(r.Parameter.BaseValue)})").Reverse()]);
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        // Room for the value labels at the bar ends.
        double span = Math.Max(hi - lo, 1e-9);
        plot.Axes.SetLimits(lo - 0.18 * span, hi + 0.18 * span, -0.6, n - 0.4);
        LegendEntry(plot, $"low: −{pct} %", LowSide);
        LegendEntry(plot, $"high: +{pct} %", HighSide);
        plot.ShowLegend(Alignment.LowerRight);
        return Finish(plot);
    }
}
