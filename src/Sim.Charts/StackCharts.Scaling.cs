using ScottPlot;
using Sim.Statistics;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    /// <summary>
    /// One scaling series: measured throughput (req/s, left axis; mean with its 95 % interval as error bars)
    /// and p95 (ms, right axis) against N, the fitted Universal Scalability Law extended dashed to twice the
    /// largest N measured, linear scaling (N × λ) dotted for reference, and the peak N* marked when the fit
    /// supports one. The fit's λ, σ, κ and R² (or why there is no fit) are in the legend.
    /// </summary>
    /// <param name="series">The measured series (from <see cref="ScalingStudy"/>), at least one point.</param>
    public static Plot Scaling(ScalingSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Points.Count == 0) throw new ArgumentException("At least one point is needed.", nameof(series));
        string what = series.Parameter == "servers" ? "servers behind the load balancer" : series.Parameter;
        Plot plot = NewPlot($"Throughput and p95 vs {series.Parameter}", $"Number of {what} (N)", "Throughput (req/s)");
        plot.Axes.Title.Label.FontSize = 16;
        double[] n = series.Points.Select(p => (double)p.N).ToArray();
        double[] x = series.Points.Select(p => Finite(p.Summary["throughputPerSecond"].Mean)).ToArray();
        double[] xErr = series.Points.Select(p => Finite(p.Summary["throughputPerSecond"].Ci95)).ToArray();
        double[] p95 = series.Points.Select(p => Finite(p.Summary["latencyMs.p95"].Mean)).ToArray();
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

        var latency = plot.Add.Scatter(n, p95, Series[1]);
        latency.Axes.YAxis = plot.Axes.Right;
        latency.MarkerShape = MarkerShape.FilledSquare;
        latency.MarkerSize = 8;
        latency.LineWidth = 1.5f;
        latency.LegendText = "p95 response time (right axis)";
        plot.Axes.Right.Label.Text = "p95 response time (ms)";

        plot.Axes.SetLimitsX(0.5, right + 0.5);
        plot.Axes.SetLimitsY(0, Math.Max(1, xTop) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1, p95.Max()) * 1.15, plot.Axes.Right);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double step = right <= 12 ? 1 : NiceStep(right / 10);
        for (double v = step >= 1 && step % 1 == 0 ? step : 1; v <= right + 1e-9; v += step) ticks.AddMajor(v, Num(v));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
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

    /// <summary>A legend line with no symbol.</summary>
    private static void Note(Plot plot, string text) =>
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = Capitalise(text), LineWidth = 0, MarkerSize = 0 });

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
