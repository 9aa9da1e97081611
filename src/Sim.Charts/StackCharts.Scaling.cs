using ScottPlot;
using Sim.Statistics;
using Sim.Scenarios;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    /// <summary>
    /// One scaling series: measured throughput (req/s; mean with its 95 % interval as error bars)
    /// against N, the fitted Universal Scalability Law extended dashed to twice the
    /// largest N measured, linear scaling (N × λ) dotted for reference, and the peak N* marked when the fit
    /// supports one. The fit's λ, σ, κ and R² (or why there is no fit) are in the legend. The p95 is not drawn: the
    /// points are measured at a saturating load, where it says how long the queue is, not what users would see under
    /// the SLO (<see cref="ScalingUsers"/> draws that).
    /// </summary>
    /// <param name="series">The measured series (from <see cref="ScalingStudy"/>), at least one point.</param>
    public static Plot Scaling(ScalingSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Points.Count == 0) throw new ArgumentException("At least one point is needed.", nameof(series));
        string what = series.Parameter == "servers" ? "servers behind the load balancer" : series.Parameter;
        Plot plot = NewPlot($"Throughput vs {series.Parameter}", $"Number of {what} (N)", "Throughput (req/s)");
        plot.Axes.Title.Label.FontSize = 16;
        double[] n = series.Points.Select(p => (double)p.N).ToArray();
        double[] x = series.Points.Select(p => Finite(p.Summary["throughputPerSecond"].Mean)).ToArray();
        double[] xErr = series.Points.Select(p => Finite(p.Summary["throughputPerSecond"].Ci95)).ToArray();
        double maxN = n.Max();
        double xTop = x.Zip(xErr, (a, b) => a + b).Max();
        double right = series.Fit is null ? maxN + 0.5 : UslFit.MaxExtrapolation * maxN;

        if (series.Fit is { } fit)
        {
            // The fit over the measured range, and beyond it a dotted continuation: the shape past the largest N
            // measured is the model's guess, and a single dashed curve to 2 × N read as if it were data.
            double[] curveN = Enumerable.Range(0, 101).Select(i => 1 + (maxN - 1) * i / 100.0).ToArray();
            double[] curve = curveN.Select(fit.Predict).ToArray();
            var fitted = plot.Add.ScatterLine(curveN, curve, Series[0]);
            fitted.LinePattern = LinePattern.Dashed;
            fitted.LineWidth = 2;
            // A parameter held at 0 (its free estimate was negative) has no interval.
            string value(double v, double h) => v == 0 && h == 0 ? "0 (held)" : double.IsFinite(h) ? $"{Num(v)} ± {Num(h)}" : Num(v);
            fitted.LegendText = $"USL fit: λ = {Num(fit.Lambda)}, σ = {value(fit.Sigma, fit.SigmaCi95)}, κ = {value(fit.Kappa, fit.KappaCi95)}, R² = {fit.RSquared:F3}";
            double[] beyondN = Enumerable.Range(0, 101).Select(i => maxN + (right - maxN) * i / 100.0).ToArray();
            double[] beyond = beyondN.Select(fit.Predict).ToArray();
            var extrapolated = plot.Add.ScatterLine(beyondN, beyond, Series[0]);
            extrapolated.LinePattern = LinePattern.Dotted;
            extrapolated.LineWidth = 2;
            curve = [.. curve, .. beyond];
            // Named on the axis, not in the legend: the legend below the panel has room for five rows, all taken.
            plot.Axes.Bottom.Label.Text += $" — fit dotted past N = {Num(maxN)}: extrapolated";
            double[] linearN = [1, right];
            var linear = plot.Add.ScatterLine(linearN, linearN.Select(v => v * fit.Lambda).ToArray(), Colors.Gray);
            linear.LinePattern = LinePattern.Dotted;
            linear.LegendText = "Linear scaling (N × λ)";
            xTop = Math.Max(xTop, curve.Max());
            if (fit.PeakN is { } peak)
            {
                var marker = plot.Add.VerticalLine(peak, 1.5f, Bad);
                marker.LinePattern = LinePattern.Dashed;
                marker.LegendText = peak <= maxN
                    ? $"Peak N* = {Num(peak)} ({Num(fit.Predict(peak))} req/s)"
                    : $"Fitted peak N* = {Num(peak)} ({Num(fit.Predict(peak))} req/s), extrapolated beyond the data";
            }
            else
            {
                Note(plot, fit.PeakNote);
            }
        }
        else
        {
            Note(plot, series.FitNote);
        }

        var measured = plot.Add.Scatter(n, x, Series[0]);
        measured.LineWidth = 0;
        measured.MarkerSize = 9;
        measured.LegendText = "Throughput, measured (95 % CI)";
        var bars = plot.Add.ErrorBar(n, x, xErr);
        bars.Color = Series[0];
        bars.LineWidth = 1.5f;

        plot.Axes.SetLimitsX(0.5, right + 0.5);
        plot.Axes.SetLimitsY(0, Math.Max(1, xTop) * 1.1, plot.Axes.Left);
        plot.Axes.Bottom.TickGenerator = CountTicks(right);
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }

    /// <summary>
    /// The users a scaling series' configurations can hold under the scenario's SLO, at most: by Little's law a closed
    /// population N = X·(Z + R), and a load that meets "p95 ≤ L" has a mean response R ≤ L (latencies are skewed to the
    /// right, so the mean lies below the 95th percentile), so N ≤ X<sub>max</sub>·(Z + L) with X<sub>max</sub> the
    /// throughput measured at saturation and Z the mean think time. Drawn per N with the throughput's 95 % interval, the
    /// law's fit scaled the same way, and — on the servers series — the capacity the search measured for the
    /// configuration itself, which shows how far below the bound the SLO actually binds.
    /// </summary>
    /// <param name="series">The measured series (from <see cref="ScalingStudy"/>), at least one point.</param>
    /// <param name="scenario">The configuration scaled: its think time and SLO; a closed load.</param>
    /// <param name="capacity">The capacity search's result for <paramref name="scenario"/> as configured (its own server count); null for none.</param>
    /// <exception cref="ArgumentException"><paramref name="scenario"/> has an open load (the bound is in requests/s: <see cref="Scaling"/>).</exception>
    public static Plot ScalingUsers(ScalingSeries series, StackScenario scenario, CapacityResult? capacity)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(scenario);
        if (series.Points.Count == 0) throw new ArgumentException("At least one point is needed.", nameof(series));
        if (scenario.Load.Closed is not { } closed) throw new ArgumentException("A closed load is needed: an open load's capacity is the throughput itself.", nameof(scenario));
        double z = closed.ThinkTimeSeconds.Mean, limit = scenario.Slo.LatencyLimitSeconds, factor = z + limit;
        string slo = $"{LatencyObjective.QuantileName(scenario.Slo.LatencyQuantile)} ≤ {Ms(limit)}";
        string what = series.Parameter == "servers" ? "servers behind the load balancer" : $"{series.Parameter} on one server";
        Plot plot = NewPlot($"Users held under the SLO vs {series.Parameter}", $"Number of {what} (N)", "Users (at most)");
        plot.Axes.Title.Label.FontSize = 16;
        double[] n = series.Points.Select(p => (double)p.N).ToArray();
        double[] users = series.Points.Select(p => Finite(p.Summary["throughputPerSecond"].Mean) * factor).ToArray();
        double[] err = series.Points.Select(p => Finite(p.Summary["throughputPerSecond"].Ci95) * factor).ToArray();
        double maxN = n.Max(), top = users.Zip(err, (a, b) => a + b).Max();
        if (series.Fit is { } fit)
        {
            double[] curveN = Enumerable.Range(0, 101).Select(i => 1 + (maxN - 1) * i / 100.0).ToArray();
            var fitted = plot.Add.ScatterLine(curveN, curveN.Select(v => fit.Predict(v) * factor).ToArray(), Series[2]);
            fitted.LinePattern = LinePattern.Dashed;
            fitted.LineWidth = 2;
            fitted.LegendText = "USL fit of the throughput × (Z + L)";
        }
        var bound = plot.Add.Scatter(n, users, Series[2]);
        bound.LineWidth = 0;
        bound.MarkerSize = 9;
        bound.LegendText = $"Bound: X_max × (Z + L), Z = {Num(z)} s think time, L = {Ms(limit)} ({slo}); 95 % CI";
        var bars = plot.Add.ErrorBar(n, users, err);
        bars.Color = Series[2];
        bars.LineWidth = 1.5f;
        if (series.Parameter == "servers" && capacity is not null && double.IsFinite(capacity.Capacity) && capacity.Capacity > 0)
        {
            double at = scenario.LoadBalancer.Servers;
            var measured = plot.Add.Scatter(new[] { at }, new[] { capacity.Capacity }, Bad);
            measured.LineWidth = 0;
            measured.MarkerShape = MarkerShape.FilledDiamond;
            measured.MarkerSize = 12;
            measured.LegendText = $"Capacity under {slo} measured by the search: {Num(capacity.Capacity)} users at N = {Num(at)}";
            top = Math.Max(top, capacity.Capacity);
            maxN = Math.Max(maxN, at);
        }
        else
        {
            Note(plot, "An upper bound: the SLO's capacity lies below it (the capacity search measures it)");
        }
        plot.Axes.SetLimitsX(0.5, maxN + 0.5);
        plot.Axes.SetLimitsY(0, Math.Max(1, top) * 1.1, plot.Axes.Left);
        plot.Axes.Bottom.TickGenerator = CountTicks(maxN);
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }

    private static ScottPlot.TickGenerators.NumericManual CountTicks(double right)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double step = right <= 12 ? 1 : NiceStep(right / 10);
        for (double v = step >= 1 && step % 1 == 0 ? step : 1; v <= right + 1e-9; v += step) ticks.AddMajor(v, Num(v));
        return ticks;
    }

    /// <summary>
    /// The seed's "Scaling Strategy" measured: one <see cref="Scaling(ScalingSeries)"/> panel per series
    /// (servers, workers) side by side, under one title.
    /// </summary>
    /// <param name="title">Title across the top, e.g. which phase was scaled.</param>
    /// <param name="series">The series, at least one.</param>
    public static ChartGrid ScalingStrategy(string title, IReadOnlyList<ScalingSeries> series)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("At least one series is needed.", nameof(series));
        return new ChartGrid(title, series.Count, series.Select(Scaling).ToArray());
    }

    /// <summary>
    /// The scaling strategy in the document's unit: the <see cref="Scaling(ScalingSeries)"/> panels (throughput vs N) above,
    /// and below each the users the configuration can hold under the SLO (<see cref="ScalingUsers"/>), one quantity per axis.
    /// For an open load only the throughput panels: the capacity is then a rate, which they already show.
    /// </summary>
    /// <param name="title">Title across the top, e.g. which phase was scaled.</param>
    /// <param name="series">The series, at least one.</param>
    /// <param name="scenario">The configuration scaled (think time, SLO, server count).</param>
    /// <param name="capacity">The capacity search's result for <paramref name="scenario"/>; null for none.</param>
    public static ChartGrid ScalingStrategy(string title, IReadOnlyList<ScalingSeries> series, StackScenario scenario, CapacityResult? capacity)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(scenario);
        if (series.Count == 0) throw new ArgumentException("At least one series is needed.", nameof(series));
        if (scenario.Load.Closed is null) return ScalingStrategy(title, series);
        return new ChartGrid(title, series.Count, [.. series.Select(Scaling), .. series.Select(s => ScalingUsers(s, scenario, capacity))]);
    }

    /// <summary>A legend line with no symbol.</summary>
    private static void Note(Plot plot, string text) =>
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = Capitalise(text), LineWidth = 0, MarkerSize = 0 });

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
