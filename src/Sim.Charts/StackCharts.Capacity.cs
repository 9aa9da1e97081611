using ScottPlot;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    private static readonly Color Outline = Colors.Black.WithAlpha(0.8);

    /// <summary>
    /// The seed's "Capacity Growth Path": for each cumulative phase, the largest load that meets the SLO
    /// (users for a closed load, left axis) beside the throughput at that load (requests/s, right axis), as
    /// labelled bars, the load's with a whisker for its approximate 95 % interval; a capacity that reached the
    /// search's ceiling is labelled "≥". The SLO is in the title.
    /// </summary>
    /// <param name="phases">Phases in display order with their <see cref="CapacitySearch"/> result; at least one.</param>
    /// <param name="slo">The SLO used, as text (e.g. "p95 ≤ 500 ms and errors ≤ 0.10 %").</param>
    public static Plot CapacityGrowth(IReadOnlyList<(string Phase, CapacityResult Result)> phases, string slo)
    {
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(slo);
        if (phases.Count == 0) throw new ArgumentException("At least one phase is needed.", nameof(phases));
        bool users = phases[0].Result.Load == "users";
        Plot plot = NewPlot($"Capacity growth path (SLO: {slo})", "Phase (cumulative)", users ? "Users within the SLO" : "Arrival rate within the SLO (req/s)");
        var load = new List<Bar>();
        var rps = new List<Bar>();
        double maxLoad = 1, maxRps = 1;
        for (int i = 0; i < phases.Count; i++)
        {
            CapacityResult r = phases[i].Result;
            string at = double.IsPositiveInfinity(r.FirstViolation) ? "≥ " : "";
            // The whisker (drawn with the bar's outline) is the capacity's own approximate 95 % interval (delta method), where the search gave one.
            double ci = double.IsFinite(r.CapacityCi95) ? r.CapacityCi95 : 0;
            load.Add(new Bar { Position = i - 0.18, Value = r.Capacity, Error = ci, ErrorSize = 0.12, Size = 0.34, FillColor = Neutral, LineColor = Outline, LineWidth = 1 });
            // The value goes above the whisker, where the bar's own label would sit on it.
            var label = plot.Add.Text(at + Num(r.Capacity), i - 0.18, r.Capacity + ci);
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -4;
            label.LabelFontSize = 12;
            maxLoad = Math.Max(maxLoad, r.Capacity + ci);
            rps.Add(new Bar { Position = i + 0.18, Value = Finite(r.ThroughputAtCapacity), Size = 0.34, FillColor = Series[1], LineColor = Outline, LineWidth = 1, Label = Num(r.ThroughputAtCapacity) });
            maxRps = Math.Max(maxRps, Finite(r.ThroughputAtCapacity));
        }
        plot.Add.Bars(load);
        var right = plot.Add.Bars(rps);
        right.Axes.YAxis = plot.Axes.Right;
        right.ValueLabelStyle.FontSize = 12;
        LegendEntry(plot, users ? "Users (left axis; whisker: 95 % CI)" : "Arrival rate, req/s (left axis; whisker: 95 % CI)", Neutral);
        LegendEntry(plot, "Throughput at that load, req/s (right axis)", Series[1]);
        plot.Axes.Right.Label.Text = "Throughput (req/s)";
        // 20 % headroom on both axes for the value labels.
        plot.Axes.SetLimitsY(0, maxLoad * 1.2, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, maxRps * 1.2, plot.Axes.Right);
        plot.Axes.SetLimitsX(-0.6, phases.Count - 0.4, plot.Axes.Bottom);
        CategoryTicks(plot.Axes.Bottom, phases.Select(p => p.Phase).ToArray());
        FitBottomCategoryLabels(plot, phases.Count);
        plot.ShowLegend(Alignment.UpperLeft);
        return Finish(plot);
    }
}
