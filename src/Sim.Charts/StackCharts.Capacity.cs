using ScottPlot;
using Sim.Scenarios;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    private static readonly Color Outline = Colors.Black.WithAlpha(0.8);

    /// <summary>
    /// The seed's "Capacity Growth Path": for each cumulative phase, the largest load that meets the SLO (users for a
    /// closed load, arrival rate for an open one) as a bar with a whisker for its approximate 95 % interval, labelled
    /// with the load and, below it, the throughput at that load — one quantity on the axis, so bar heights compare
    /// like with like (a second y axis made "53 req/s" and "7,688 users" look alike). A capacity that reached the
    /// search's ceiling is labelled "≥"; each bar after the first carries its growth over the previous phase. The SLO
    /// is in the title.
    /// </summary>
    /// <param name="phases">Phases in display order with their <see cref="CapacitySearch"/> result; at least one.</param>
    /// <param name="slo">The SLO used, as text (e.g. "p95 ≤ 500 ms and errors ≤ 0.10 %").</param>
    public static Plot CapacityGrowth(IReadOnlyList<(string Phase, CapacityResult Result)> phases, string slo) => CapacityGrowth(phases, slo, []);

    /// <summary>
    /// <see cref="CapacityGrowth(IReadOnlyList{ValueTuple{string, CapacityResult}}, string)"/> with a source's own figures
    /// (e.g. the document reproduced) drawn beside each bar as a black diamond, where the phase has one: users for a
    /// closed load, requests/s for an open one.
    /// </summary>
    /// <param name="phases">Phases in display order with their <see cref="CapacitySearch"/> result; at least one.</param>
    /// <param name="slo">The SLO used, as text (e.g. "p95 ≤ 500 ms and errors ≤ 0.10 %").</param>
    /// <param name="references">Per phase, in the same order, its <see cref="ScenarioPhase.Reference"/> (null for none); empty for none at all.</param>
    public static Plot CapacityGrowth(IReadOnlyList<(string Phase, CapacityResult Result)> phases, string slo, IReadOnlyList<PhaseReference?> references)
    {
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count != 0 && references.Count != phases.Count)
            throw new ArgumentException($"One reference per phase ({phases.Count}) or none; got {references.Count}.", nameof(references));
        ArgumentNullException.ThrowIfNull(slo);
        if (phases.Count == 0) throw new ArgumentException("At least one phase is needed.", nameof(phases));
        bool users = phases[0].Result.Load == "users", factor = phases[0].Result.Load == "factor";
        // Several populations: the capacity is a common factor on all of them (1 = the scenario as written).
        string axis = users ? "Users within the SLO" : factor ? "Factor on the scenario's populations within the SLO" : "Arrival rate within the SLO (req/s)";
        Plot plot = NewPlot($"Capacity growth path (SLO: {slo})", "Phase (cumulative)", axis);
        var load = new List<Bar>();
        double maxLoad = 1;
        for (int i = 0; i < phases.Count; i++)
        {
            CapacityResult r = phases[i].Result;
            string at = double.IsPositiveInfinity(r.FirstViolation) ? "≥ " : "";
            // The whisker (drawn with the bar's outline) is the capacity's own approximate 95 % interval (delta method), where the search gave one.
            double ci = double.IsFinite(r.CapacityCi95) ? r.CapacityCi95 : 0;
            load.Add(new Bar { Position = i, Value = r.Capacity, Error = ci, ErrorSize = 0.2, Size = 0.6, FillColor = Neutral, LineColor = Outline, LineWidth = 1 });
            double previous = i > 0 ? phases[i - 1].Result.Capacity : double.NaN;
            string growth = i > 0 && previous > 0 ? $" (×{r.Capacity / previous:0.0#})" : "";
            // The values go above the whisker, where the bar's own label would sit on it.
            var label = plot.Add.Text($"{at}{Num(r.Capacity)}{growth}\n{Num(r.ThroughputAtCapacity)} req/s", i, r.Capacity + ci);
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -4;
            label.LabelFontSize = 12;
            maxLoad = Math.Max(maxLoad, r.Capacity + ci);
        }
        plot.Add.Bars(load);
        LegendEntry(plot, (users || factor ? axis : "Arrival rate within the SLO, req/s") + " (whisker: 95 % CI; label: × previous phase, and the throughput there)", Neutral);
        var refX = new List<double>();
        var refY = new List<double>();
        for (int i = 0; i < (factor ? 0 : references.Count); i++) // a source's users or req/s are not a factor: not drawn
        {
            if ((users ? references[i]?.Users : references[i]?.ThroughputPerSecond) is not { } v) continue;
            refX.Add(i + 0.38);
            refY.Add(v);
            var label = plot.Add.Text(Num(v), i + 0.38, v);
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 6;
            label.LabelFontSize = 11;
            maxLoad = Math.Max(maxLoad, v);
        }
        if (refX.Count > 0)
        {
            var marks = plot.Add.Scatter(refX.ToArray(), refY.ToArray(), Colors.Black);
            marks.LineWidth = 0;
            marks.MarkerShape = MarkerShape.FilledDiamond;
            marks.MarkerSize = 11;
            string source = references.First(r => r is not null && (users ? r.Users : r.ThroughputPerSecond) is not null)!.Source;
            marks.LegendText = $"The {source}'s own figure for the phase (not necessarily under the same SLO)";
        }
        // Headroom for the two-line value labels.
        // Room on the right for the last phase's reference label, when there is one.
        plot.Axes.SetLimits(-0.6, phases.Count - 0.4 + (refX.Count > 0 && refX[^1] > phases.Count - 1 ? 0.35 : 0), 0, maxLoad * 1.3);
        CategoryTicks(plot.Axes.Bottom, phases.Select(p => p.Phase).ToArray());
        FitBottomCategoryLabels(plot, phases.Count);
        plot.ShowLegend(Alignment.UpperLeft);
        return Finish(plot);
    }
}
