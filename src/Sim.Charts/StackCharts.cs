using ScottPlot;
using Sim.Stack;
using Sim.Statistics;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

/// <summary>
/// Charts of stack results — the pictures of the seed document (response times, worker utilization and
/// queue, DB connection reuse, cache hit rate, resources, latency breakdown) drawn from measured
/// <see cref="StackReplicationResult"/>s and <see cref="StackSummary"/>s. The charts take results only,
/// never the engine. Every method returns a new <see cref="Plot"/> (title, axis labels with units, a
/// legend when there is more than one series, DejaVu Sans when installed) that the caller may style
/// further and save with <see cref="ChartExport"/>. Thread-safe: no shared state besides ScottPlot's
/// default font name, which <see cref="ChartFonts.Resolve"/> always sets to the same value.
/// </summary>
public static partial class StackCharts
{
    private static readonly (string Name, double Q, Color Color)[] Percentiles =
    [
        ("p50", 0.50, Color.FromHex("#2ca02c")),
        ("p95", 0.95, Color.FromHex("#ff7f0e")),
        ("p99", 0.99, Color.FromHex("#d62728")),
    ];

    /// <summary>
    /// Response-time distribution of one phase: the replications' latency histograms merged, re-binned into
    /// 60 bins (share of requests per bin, %), with dashed lines at p50, p95, p99 and p99.9 labelled in ms and the
    /// largest latency in the legend. On a linear axis the bins are equal from 0 to 1.1 × p99.9, or 2.2 × p99 when the
    /// tail is longer; on a log axis (<paramref name="logScale"/>) they are equal in log(latency) from 0.9 × p0.1 to
    /// 1.1 × the largest latency, so a fast bulk and a slow tail are both readable. Requests outside the axis are
    /// counted in the legend. The percentiles are those of the pooled requests of all replications (the tables
    /// average each replication's own percentile, so the two can differ slightly).
    /// </summary>
    /// <param name="phase">Phase name, shown in the title.</param>
    /// <param name="runs">The phase's replications, at least one.</param>
    /// <param name="logScale">Log-scale latency axis; default false (linear from 0).</param>
    /// <exception cref="ArgumentException">No replications.</exception>
    // RS0027 wants the overload with the optional parameter to be the longest; the LatencyAxis overload has as many
    // parameters, none optional, so a call with two arguments still binds here as it always did.
#pragma warning disable RS0027
    public static Plot LatencyDistribution(string phase, StackReplicationResult[] runs, bool logScale = false) =>
        LatencyDistribution(phase, runs, logScale ? LatencyAxis.Log : LatencyAxis.Linear);
#pragma warning restore RS0027

    /// <summary>
    /// Response-time distribution of one phase, as <see cref="LatencyDistribution(string, StackReplicationResult[], bool)"/>,
    /// with the latency axis chosen by <paramref name="axis"/>: <see cref="LatencyAxis.Auto"/> draws a log axis when
    /// the tail is long (p99.9 more than twice p99, so a linear axis would cut it off) and a linear one otherwise.
    /// </summary>
    /// <param name="phase">Phase name, shown in the title.</param>
    /// <param name="runs">The phase's replications, at least one.</param>
    /// <param name="axis">Linear, log, or chosen from the data.</param>
    /// <exception cref="ArgumentException">No replications.</exception>
    public static Plot LatencyDistribution(string phase, StackReplicationResult[] runs, LatencyAxis axis) => LatencyDistribution(phase, runs, axis, null);

    /// <summary>
    /// Response-time distribution of one phase on a given axis — <see cref="LatencyScale.Shared"/> of all the phases, so a
    /// report's distributions share one scale (as <c>sim phases --out</c> draws them).
    /// </summary>
    /// <param name="phase">Phase name, shown in the title.</param>
    /// <param name="runs">The phase's replications, at least one.</param>
    /// <param name="scale">The axis: log or linear and its range.</param>
    /// <exception cref="ArgumentException">No replications.</exception>
    public static Plot LatencyDistribution(string phase, StackReplicationResult[] runs, LatencyScale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        if (!(scale.MaxSeconds > scale.MinSeconds) || scale.MinSeconds < 0 || (scale.Log && scale.MinSeconds <= 0))
            throw new ArgumentException($"A latency scale needs 0 ≤ min < max (min > 0 on a log axis); got [{scale.MinSeconds}, {scale.MaxSeconds}] s.", nameof(scale));
        return LatencyDistribution(phase, runs, scale.Log ? LatencyAxis.Log : LatencyAxis.Linear, scale);
    }

    private static Plot LatencyDistribution(string phase, StackReplicationResult[] runs, LatencyAxis axis, LatencyScale? scale)
    {
        Guard(phase, runs);
        LatencyHistogram merged = Pooled(runs);
        bool logScale = axis == LatencyAxis.Log
            || (axis == LatencyAxis.Auto && merged.Count > 0 && merged.Quantile(0.999) > 2 * merged.Quantile(0.99));

        // The lines are percentiles of all replications' requests pooled; the tables give the mean of each replication's
        // percentile (with its interval), so the two differ a little, and the axis says which is which.
        Plot plot = NewPlot($"Response-time distribution — {phase}",
            (logScale ? "Response time (ms, log scale)" : "Response time (ms)") + " — lines: percentiles of the pooled requests (tables: mean of each replication's)",
            "Share of requests (%)");
        if (merged.Count == 0) return NoData(plot, "no completed requests");

        // Axis coordinate of a latency in ms: itself, or its log10 on a log axis.
        Func<double, double> X = logScale ? Math.Log10 : v => v;
        // The tail beyond p99 can be far longer than the body (a few clients on slow links take seconds): a
        // linear axis stops at twice p99 at most, so the body keeps its width; the legend counts the rest.
        double p99 = merged.Quantile(0.99), p999 = Math.Max(merged.Quantile(0.999), p99);
        double maxLatency = merged.Max;
        double xMaxMs = scale?.MaxSeconds * 1000 ?? (logScale ? Math.Max(p999, maxLatency) : Math.Min(p999, 2 * p99)) * 1.1 * 1000;
        double xMinMs = scale?.MinSeconds * 1000 ?? (logScale ? Math.Max(merged.Quantile(0.001) * 0.9 * 1000, xMaxMs * 1e-4) : 0);
        double lo = logScale ? X(xMinMs) : 0, hi = X(xMaxMs);
        const int Bins = 60;
        double bin = (hi - lo) / Bins;
        var counts = new double[Bins];
        long outside = 0;
        foreach ((double lower, double upper, long count) in merged.Buckets())
        {
            int b = (int)Math.Floor((X((lower + upper) / 2 * 1000) - lo) / bin);
            if (b >= Bins || b < 0) outside += count;
            else counts[b] += count;
        }

        var bars = new Bar[Bins];
        double yMax = 0;
        for (int b = 0; b < Bins; b++)
        {
            double share = counts[b] / merged.Count * 100;
            yMax = Math.Max(yMax, share);
            bars[b] = new Bar { Position = lo + (b + 0.5) * bin, Value = share, Size = bin * 0.92, FillColor = Neutral.WithAlpha(0.75), LineWidth = 0 };
        }
        var histogram = plot.Add.Bars(bars);
        histogram.LegendText = outside == 0
            ? $"{merged.Count:N0} requests, {runs.Length} replications pooled"
            : $"{merged.Count:N0} requests, {runs.Length} replications pooled; {Num(100.0 * outside / merged.Count)} % outside the axis";

        double yTop = yMax * 1.3;
        (string Name, double Q, Color Color)[] lines = [.. Percentiles, ("p99.9", 0.999, Color.FromHex("#9467bd"))];
        for (int k = 0; k < lines.Length; k++)
        {
            (string name, double q, Color color) = lines[k];
            double xMs = merged.Quantile(q) * 1000;
            double at = X(xMs);
            if (at > hi)
            {
                // Beyond a linear axis (the long tail): named in the legend, with no line.
                LegendEntry(plot, $"{name} = {Ms(xMs / 1000)} (beyond the axis)", color);
                continue;
            }
            var line = plot.Add.VerticalLine(at, 2, color);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{name} = {Ms(xMs / 1000)}";
            // Staggered heights so labels of close percentiles do not overlap; near the right edge the label sits left of its line.
            bool right = at - lo > 0.7 * (hi - lo);
            var text = plot.Add.Text($"{name} {Ms(xMs / 1000)}", at, yTop * (0.97 - 0.08 * k));
            text.LabelFontSize = 13;
            text.LabelFontColor = color;
            text.LabelBold = true;
            text.LabelAlignment = right ? Alignment.UpperRight : Alignment.UpperLeft;
            text.OffsetX = right ? -4 : 4;
        }
        LegendEntry(plot, $"max = {Ms(maxLatency)}{(X(maxLatency * 1000) > hi ? " (beyond the axis)" : "")}", Colors.Black.WithAlpha(0.6));
        if (logScale) plot.Axes.Bottom.TickGenerator = LogTicks(xMinMs, xMaxMs);
        plot.Axes.SetLimits(lo, hi, 0, yTop);
        // On a log axis the tail is spread out to the right edge, where an inside legend would cover it.
        if (logScale) plot.ShowLegend(Edge.Bottom);
        else plot.ShowLegend(Alignment.MiddleRight);
        return Finish(plot);
    }

    /// <summary>The replications' latency histograms merged into a new one (the inputs are untouched); at least one replication.</summary>
    internal static LatencyHistogram Pooled(StackReplicationResult[] runs)
    {
        LatencyHistogram merged = runs[0].LatencyHistogram.Clone();
        for (int i = 1; i < runs.Length; i++) merged.Merge(runs[i].LatencyHistogram);
        return merged;
    }

    /// <summary>Ticks at 1, 2, 5 × 10^k ms between <paramref name="minMs"/> and <paramref name="maxMs"/>, placed at their log10 and labelled in ms.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double minMs, double maxMs)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int e = (int)Math.Floor(Math.Log10(minMs)); e <= (int)Math.Ceiling(Math.Log10(maxMs)); e++)
            foreach (double m in new[] { 1.0, 2, 5 })
            {
                double v = m * Math.Pow(10, e);
                if (v >= minMs && v <= maxMs) ticks.AddMajor(Math.Log10(v), Num(v));
                for (int minor = 2; minor <= 9 && m == 1; minor++)
                {
                    double w = minor * Math.Pow(10, e);
                    if (w >= minMs && w <= maxMs) ticks.AddMinor(Math.Log10(w));
                }
            }
        return ticks;
    }

    /// <summary>
    /// Before/after response times: for each phase, grouped bars of p50, p95, p99 and the mean (ms) with
    /// their 95 % confidence half-widths as error bars (the seed's "Response Time Distribution" bars).
    /// </summary>
    /// <param name="phases">Phases in display order, each with its summary; at least one.</param>
    public static Plot LatencyComparison(IReadOnlyList<(string Phase, StackSummary Summary)> phases) => LatencyComparison(phases, null);

    /// <summary>
    /// Before/after response times as <see cref="LatencyComparison(IReadOnlyList{ValueTuple{string, StackSummary}})"/>, with the SLO's latency
    /// limit drawn across the phases as a dashed line labelled with the objective (e.g. "SLO: p95 ≤ 500 ms").
    /// </summary>
    /// <param name="phases">Phases in display order, each with its summary; at least one.</param>
    /// <param name="slo">The objective whose latency limit is drawn; null for none.</param>
    public static Plot LatencyComparison(IReadOnlyList<(string Phase, StackSummary Summary)> phases, Sim.Scenarios.SloSpec? slo)
    {
        Guard(phases);
        Plot plot = NewPlot("Response time per phase (mean of replications, 95 % CI)", "Phase", "Response time (ms)");
        (string Metric, string Label)[] series = [("latencyMs.p50", "p50"), ("latencyMs.p95", "p95"), ("latencyMs.p99", "p99"), ("latencyMs.mean", "mean")];
        Color[] colors = [Percentiles[0].Color, Percentiles[1].Color, Percentiles[2].Color, Neutral];
        const double Width = 0.2;
        var bars = new List<Bar>();
        for (int i = 0; i < phases.Count; i++)
        {
            for (int k = 0; k < series.Length; k++)
            {
                MetricSummary m = phases[i].Summary[series[k].Metric];
                bars.Add(new Bar
                {
                    Position = i + (k - 1.5) * Width,
                    Value = Finite(m.Mean),
                    Error = Finite(m.Ci95),
                    ErrorSize = Width * 0.4,
                    Size = Width * 0.9,
                    FillColor = colors[k],
                    LineColor = Colors.Black.WithAlpha(0.8),
                    LineWidth = 1,
                });
            }
        }
        plot.Add.Bars(bars);
        for (int k = 0; k < series.Length; k++) LegendEntry(plot, series[k].Label, colors[k]);
        CategoryTicks(plot.Axes.Bottom, phases.Select(p => p.Phase).ToArray());
        FitBottomCategoryLabels(plot, phases.Count);
        double top = bars.Max(b => b.Value + b.Error);
        if (slo is not null)
        {
            double limitMs = slo.LatencyLimitSeconds * 1000;
            var line = plot.Add.HorizontalLine(limitMs, 2, Bad);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"SLO: {LatencyObjective.QuantileName(slo.LatencyQuantile)} ≤ {Ms(slo.LatencyLimitSeconds)}";
            top = Math.Max(top, limitMs * 1.1);
        }
        plot.Axes.SetLimits(-0.6, phases.Count - 0.4, 0, Math.Max(1, top) * 1.08);
        plot.ShowLegend(Alignment.UpperRight);
        return Finish(plot);
    }

    /// <summary>
    /// Worker utilization of one phase, as the seed's "Worker Utilization" picture with its queue, in two
    /// bands of one chart. Lower band (bottom and left axes): one bar per worker, its busy share of the
    /// window (0–100 %, mean over replications; red at 90 % or more). Upper band (top and right axes): the
    /// listen backlog over simulated time (requests waiting, all servers, mean over replications; warm-up
    /// included and marked).
    /// </summary>
    /// <param name="phase">Phase name, shown in the title.</param>
    /// <param name="runs">The phase's replications, at least one.</param>
    public static Plot WorkerUtilization(string phase, StackReplicationResult[] runs)
    {
        Guard(phase, runs);
        // Band layout, as fractions of the data area's height.
        const double BarsTop = 0.42, Separator = 0.5, LineBottom = 0.56, LineTop = 0.93;
        int workers = runs[0].PerWorkerUtilization.Count;
        double meanQueue = runs.Average(r => r.QueueLengthMean);
        Plot plot = NewPlot($"Worker utilization and backlog — {phase}", "Worker (server by server)", "Worker busy (%)");

        var bars = new Bar[workers];
        for (int w = 0; w < workers; w++)
        {
            double u = runs.Average(r => r.PerWorkerUtilization[w]) * 100;
            bars[w] = new Bar
            {
                Position = w,
                Value = u,
                Size = 0.7,
                FillColor = u >= 90 ? Bad : Neutral,
                LineWidth = 0,
                Label = workers <= 16 ? $"{u:F0} %" : workers <= 32 ? $"{u:F0}%" : "",
            };
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = workers <= 16 ? 12 : 9;
        LegendEntry(plot, "Worker busy, % (lower band; red ≥ 90 %)", Neutral);
        CategoryTicks(plot.Axes.Bottom, Enumerable.Range(1, workers).Select(w => workers <= 24 || w % 2 == 1 ? w.ToString(System.Globalization.CultureInfo.InvariantCulture) : "").ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 4;
        double leftTop = 100 / BarsTop;
        plot.Axes.SetLimitsY(0, leftTop, plot.Axes.Left);
        plot.Axes.SetLimitsX(-0.6, workers - 0.4, plot.Axes.Bottom);
        plot.Axes.Left.TickGenerator = Ticks(0, 100, 25);
        var separator = plot.Add.HorizontalLine(leftTop * Separator, 1, Colors.Gray);
        separator.LinePattern = LinePattern.Solid;

        StackTimeSeries first = runs[0].TimeSeries;
        int n = first.Count;
        if (n > 0)
        {
            double[] time = first.TimeSeconds.ToArray();
            var backlog = new double[n];
            int used = 0;
            foreach (StackReplicationResult r in runs)
            {
                if (r.TimeSeries.Count != n) continue;
                ReadOnlySpan<double> b = r.TimeSeries.Backlog;
                for (int i = 0; i < n; i++) backlog[i] += b[i];
                used++;
            }
            for (int i = 0; i < n; i++) backlog[i] /= used;
            Color ink = Color.FromHex("#111111");
            var line = plot.Add.ScatterLine(time, backlog, ink);
            line.LineWidth = 2;
            line.Axes.XAxis = plot.Axes.Top;
            line.Axes.YAxis = plot.Axes.Right;
            line.LegendText = $"Backlog, requests waiting, over simulated time (upper band, top axis; window mean {Num(meanQueue)})";
            // The time unit is on every top tick: a top axis label collides with the title in ScottPlot 5.1.
            double step = NiceStep((time[^1] - time[0]) / 8);
            var timeTicks = new ScottPlot.TickGenerators.NumericManual();
            for (double t = Math.Ceiling(time[0] / step) * step; t <= time[^1]; t += step) timeTicks.AddMajor(t, Num(t) + " s");
            plot.Axes.Top.TickGenerator = timeTicks;
            plot.Axes.Right.Label.Text = "Backlog (requests waiting)";
            double max = Math.Max(1, backlog.Max());
            double span = max / (LineTop - LineBottom);
            double bottom = -LineBottom * span;
            plot.Axes.SetLimitsY(bottom, bottom + span, plot.Axes.Right);
            plot.Axes.Right.TickGenerator = Ticks(0, max, NiceStep(max / 4));
            plot.Axes.SetLimitsX(time[0], time[^1], plot.Axes.Top);
            double warmup = runs[0].WarmupSeconds;
            if (warmup > time[0] && warmup < time[^1])
            {
                var end = plot.Add.ScatterLine(new[] { warmup, warmup }, new[] { 0.0, bottom + span }, Colors.Gray);
                end.Axes.XAxis = plot.Axes.Top;
                end.Axes.YAxis = plot.Axes.Right;
                end.LinePattern = LinePattern.Dotted;
                end.LineWidth = 1.5f;
                end.LegendText = $"Warm-up ends ({Num(warmup)} s)";
            }
        }
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(double from, double to, double step)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (double v = from; v <= to + step * 1e-9; v += step) ticks.AddMajor(v, Num(v));
        return ticks;
    }

    private static double NiceStep(double rough)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double f = rough / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>
    /// Database connection flow per phase: new connections opened per second as bars (the seed's "Database Connection
    /// Flow" before and after pooling), each labelled with its value and, below it, the share of database-using
    /// requests served by an existing connection (reuse %) — one quantity on the axis; a second y axis made
    /// "53 new/s" and "100 % reuse" look equal.
    /// </summary>
    /// <param name="phases">Phases in display order, each with its summary; at least one.</param>
    public static Plot DbConnections(IReadOnlyList<(string Phase, StackSummary Summary)> phases)
    {
        Guard(phases);
        Plot plot = NewPlot("Database connections: opened per second, and reuse", "Phase", "New connections per second");
        var createdBars = new List<Bar>();
        double maxCreated = 0;
        for (int i = 0; i < phases.Count; i++)
        {
            double c = Finite(phases[i].Summary["dbConnectionsCreatedPerSecond"].Mean);
            double r = Finite(phases[i].Summary["dbConnectionReusePercent"].Mean);
            maxCreated = Math.Max(maxCreated, c);
            createdBars.Add(new Bar { Position = i, Value = c, Size = 0.6, FillColor = c > 0 ? Bad : Good, LineWidth = 0 });
            var label = plot.Add.Text($"{Num(c)} new/s\nreuse {Num(r)} %", i, c);
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -4;
            label.LabelFontSize = 12;
        }
        plot.Add.Bars(createdBars);
        LegendEntry(plot, "Connections opened per second (label: and the % of DB requests reusing one)", Bad);
        double top = Math.Max(1, maxCreated);
        plot.Axes.SetLimits(-0.6, phases.Count - 0.4, 0, top * 1.4);
        CategoryTicks(plot.Axes.Bottom, phases.Select(p => p.Phase).ToArray());
        FitBottomCategoryLabels(plot, phases.Count);
        plot.ShowLegend(Alignment.UpperRight);
        return Finish(plot);
    }

    /// <summary>
    /// Cache hit rate per phase: one horizontal bar per phase split into hits and misses (% of cache
    /// lookups), like the seed's "Cache Hit Rate Improvement" bars; the first phase is at the top.
    /// A phase without cache lookups shows an empty row labelled "no cache lookups".
    /// </summary>
    /// <param name="phases">Phases in display order, each with its summary; at least one.</param>
    public static Plot CacheHitRatio(IReadOnlyList<(string Phase, StackSummary Summary)> phases)
    {
        Guard(phases);
        Plot plot = NewPlot("Cache hit rate per phase", "Share of cache lookups (%)", "Phase");
        var bars = new List<Bar>();
        int n = phases.Count;
        for (int i = 0; i < n; i++)
        {
            double row = n - 1 - i;
            MetricSummary m = phases[i].Summary["cacheHitRatio"];
            if (!double.IsFinite(m.Mean))
            {
                var none = plot.Add.Text("no cache lookups", 2, row);
                none.LabelAlignment = Alignment.MiddleLeft;
                continue;
            }
            double hit = m.Mean * 100;
            string ci = double.IsFinite(m.Ci95) && m.Ci95 > 0 ? $" ± {Num(m.Ci95 * 100)}" : "";
            bars.Add(new Bar { Position = row, ValueBase = 0, Value = hit, Size = 0.6, FillColor = Good, LineWidth = 0, Label = hit >= 25 ? $"hits {Num(hit)}{ci} %" : hit >= 6 ? $"{Num(hit)} %" : "", CenterLabel = true });
            bars.Add(new Bar { Position = row, ValueBase = hit, Value = 100, Size = 0.6, FillColor = Bad.WithAlpha(0.45), LineWidth = 0, Label = 100 - hit >= 16 ? $"misses {Num(100 - hit)} %" : 100 - hit >= 6 ? $"{Num(100 - hit)} %" : "", CenterLabel = true });
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 13;
        LegendEntry(plot, "Hits", Good);
        LegendEntry(plot, "Misses", Bad.WithAlpha(0.45));
        CategoryTicks(plot.Axes.Left, phases.Select(p => p.Phase).Reverse().ToArray());
        plot.Axes.SetLimits(0, 100, -0.6, n - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }

    /// <summary>
    /// System resources per phase, as the seed's "System Resource Usage" before/after bars: web CPU (%),
    /// web-tier memory (MB), database connections open (time average) and response bandwidth (Mbit/s).
    /// Each metric is a group of horizontal bars, one per phase, scaled to the largest phase of that
    /// metric (100 %) so metrics with different units share one axis; every bar is labelled with its value
    /// in the metric's own unit.
    /// </summary>
    /// <param name="phases">Phases in display order, each with its summary; at least one.</param>
    public static Plot Resources(IReadOnlyList<(string Phase, StackSummary Summary)> phases)
    {
        Guard(phases);
        Plot plot = NewPlot("System resources per phase", "Relative to the largest phase of each metric (%)", "");
        (string Metric, string Label, double Scale, string Unit)[] metrics =
        [
            ("cpuUtilization", "Web CPU", 100, " %"),
            ("memoryMb", "Web memory", 1, " MB"),
            ("dbConnectionsOpenMean", "DB connections open", 1, ""),
            ("bandwidthMbps", "Bandwidth", 1, " Mbit/s"),
        ];
        int n = phases.Count;
        double groupHeight = n + 1.5;
        double bar = 1;
        var bars = new List<Bar>();
        var groupCenters = new List<double>();
        for (int m = 0; m < metrics.Length; m++)
        {
            double[] values = phases.Select(p => Finite(p.Summary[metrics[m].Metric].Mean) * metrics[m].Scale).ToArray();
            double max = values.Max();
            double groupTop = (metrics.Length - 1 - m) * groupHeight + n - 1;
            groupCenters.Add(groupTop - (n - 1) / 2.0);
            for (int i = 0; i < n; i++)
            {
                double share = max > 0 ? values[i] / max * 100 : 0;
                bars.Add(new Bar
                {
                    Position = groupTop - i,
                    Value = share,
                    Size = bar * 0.85,
                    FillColor = Series[i % Series.Length],
                    LineWidth = 0,
                    Label = Num(values[i]) + metrics[m].Unit,
                });
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = n > 6 ? 10 : 12;
        for (int i = 0; i < n; i++) LegendEntry(plot, phases[i].Phase, Series[i % Series.Length]);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int m = 0; m < metrics.Length; m++) ticks.AddMajor(groupCenters[m], metrics[m].Label);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, 125, -0.8, metrics.Length * groupHeight - 1.7);
        plot.Axes.Bottom.TickGenerator = Ticks(0, 100, 20); // room right of 100 % is for the value labels
        plot.ShowLegend(Edge.Right);
        return Finish(plot);
    }

    /// <summary>
    /// System resources per phase against their limits, so that a bar's length means "how close to saturation":
    /// web CPU (% of the web hosts' cores), gunicorn workers (% busy), web memory (% of the hosts' total memory),
    /// database CPU (% of its cores), database connections open (% of max_connections) and response bandwidth
    /// (% of a 1 Gbit/s link per web server — a reference, since the model does not limit bandwidth). 100 % is
    /// marked, and a bar at 90 % or more is outlined; every bar is labelled with its value in the resource's own unit.
    /// </summary>
    /// <param name="phases">Phases in display order, each with its summary and its scenario (for the limits); at least one.</param>
    public static Plot Resources(IReadOnlyList<(string Phase, StackSummary Summary, Sim.Scenarios.StackScenario Scenario)> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        Guard([.. phases.Select(p => (p.Phase, p.Summary))]);
        Plot plot = NewPlot("System resources per phase (100 % = the limit)", "Share of the resource's limit (%)", "");
        (string Label, Func<StackSummary, Sim.Scenarios.StackScenario, (double Value, double Limit)> Of, string Unit)[] metrics =
        [
            ("Web CPU", (m, _) => (m["cpuUtilization"].Mean * 100, 100), " %"),
            ("Gunicorn workers", (m, _) => (m["workerUtilization"].Mean * 100, 100), " % busy"),
            ("Web memory", (m, sc) => (m["memoryMb"].Mean, sc.Host.TotalMemoryBytes * sc.LoadBalancer.Servers / 1e6), " MB"),
            ("Database CPU", (m, _) => (m["dbCpuUtilization"].Mean * 100, 100), " %"),
            ("DB connections open", (m, sc) => (m["dbConnectionsOpenMean"].Mean, sc.Database.MaxConnections), ""),
            ("Bandwidth (vs 1 Gbit/s per server)", (m, sc) => (m["bandwidthMbps"].Mean, 1000.0 * sc.LoadBalancer.Servers), " Mbit/s"),
        ];
        int n = phases.Count;
        double groupHeight = n + 1.5;
        var bars = new List<Bar>();
        var groupCenters = new List<double>();
        double right = 100;
        for (int m = 0; m < metrics.Length; m++)
        {
            double groupTop = (metrics.Length - 1 - m) * groupHeight + n - 1;
            groupCenters.Add(groupTop - (n - 1) / 2.0);
            for (int i = 0; i < n; i++)
            {
                (double value, double limit) = metrics[m].Of(phases[i].Summary, phases[i].Scenario);
                value = Finite(value);
                double share = limit > 0 ? value / limit * 100 : 0;
                right = Math.Max(right, share);
                bars.Add(new Bar
                {
                    Position = groupTop - i,
                    Value = share,
                    Size = 0.85,
                    FillColor = Series[i % Series.Length],
                    LineColor = Colors.Black,
                    LineWidth = share >= 90 ? 2.5f : 0,
                    Label = $"{Num(value)}{metrics[m].Unit}" + (metrics[m].Unit.Contains('%', StringComparison.Ordinal) ? "" : $" ({Num(share)} %)") + (share >= 90 ? " ⚠" : ""),
                });
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = n > 6 ? 10 : 12;
        var limitLine = plot.Add.VerticalLine(100, 2, Bad);
        limitLine.LinePattern = LinePattern.Dashed;
        limitLine.LegendText = "the limit (saturated)";
        for (int i = 0; i < n; i++) LegendEntry(plot, phases[i].Phase, Series[i % Series.Length]);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "≥ 90 % of the limit (outlined, ⚠)", FillColor = Colors.White, OutlineColor = Colors.Black, OutlineWidth = 2.5f });
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int m = 0; m < metrics.Length; m++) ticks.AddMajor(groupCenters[m], metrics[m].Label);
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        double axisRight = Math.Ceiling(right * 1.3 / 20) * 20; // room right of the longest bar for its label
        plot.Axes.SetLimits(0, axisRight, -0.8, metrics.Length * groupHeight - 1.7);
        plot.Axes.Bottom.TickGenerator = Ticks(0, axisRight, axisRight > 200 ? 50 : 20);
        plot.ShowLegend(Edge.Right);
        return Finish(plot);
    }

    /// <summary>
    /// Where a request's time goes in one phase: one horizontal bar per <see cref="BreakdownCategory"/>
    /// (mean over replications, ms per successful request) split into service (work) and queueing
    /// (waiting or slowdown from sharing), largest at the top, with the total at the end of each bar; network
    /// round trips and the response transfer are drawn grey as delay, not service. The bottleneck is where
    /// queueing dominates; its name is in the title.
    /// </summary>
    /// <param name="phase">Phase name, shown in the title.</param>
    /// <param name="runs">The phase's replications, at least one.</param>
    public static Plot LatencyBreakdown(string phase, StackReplicationResult[] runs)
    {
        Guard(phase, runs);
        string bottleneck = runs.GroupBy(r => r.Bottleneck).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        Plot plot = NewPlot($"Latency breakdown — {phase} (bottleneck: {bottleneck})", "Mean time per request (ms)", "");
        var rows = Enum.GetValues<BreakdownCategory>()
            .Select(c => (Category: c,
                Service: runs.Average(r => Sum(r, c, b => b.ServiceSeconds)) * 1000,
                Queueing: runs.Average(r => Sum(r, c, b => b.QueueingSeconds)) * 1000))
            .Where(x => x.Service + x.Queueing > 0)
            .OrderBy(x => x.Service + x.Queueing)
            .ToArray();
        if (rows.Length == 0) return NoData(plot, "no breakdown recorded");

        double max = rows.Max(x => x.Service + x.Queueing);
        var bars = new List<Bar>();
        Color delay = Color.FromHex("#9e9e9e");
        for (int i = 0; i < rows.Length; i++)
        {
            (BreakdownCategory category, double s, double q) = rows[i];
            bool pureDelay = IsPureDelay(category);
            bars.Add(new Bar { Position = i, ValueBase = 0, Value = s, Size = 0.65, FillColor = pureDelay ? delay : Neutral, LineWidth = 0 });
            bars.Add(new Bar { Position = i, ValueBase = s, Value = s + q, Size = 0.65, FillColor = pureDelay ? delay : Bad, LineWidth = 0 });
            string detail = pureDelay || q <= 0.005 * max ? "" : $" ({Num(q / (s + q) * 100)} % queueing)";
            var total = plot.Add.Text($"{Num(s + q)} ms{detail}", s + q, i);
            total.LabelAlignment = Alignment.MiddleLeft;
            total.OffsetX = 6;
            total.LabelFontSize = 12;
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        LegendEntry(plot, "Service (work)", Neutral);
        LegendEntry(plot, "Queueing (waiting, slowdown)", Bad);
        if (rows.Any(x => IsPureDelay(x.Category) && x.Service > 0)) LegendEntry(plot, "Delay (network round trips, response transfer)", delay);
        CategoryTicks(plot.Axes.Left, rows.Select(x => Describe(x.Category)).ToArray());
        plot.Axes.SetLimits(0, max * 1.45, -0.6, rows.Length - 0.4);
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }

    private static double Sum(StackReplicationResult run, BreakdownCategory category, Func<StackBreakdown, double> part)
    {
        double total = 0;
        foreach (StackBreakdown b in run.Breakdown)
            if (b.Category == category) total += part(b);
        return total;
    }

    /// <summary>
    /// Network round trips and the response transfer are a fixed or bandwidth-bound delay, not work at a
    /// station and not waiting for one; the chart draws their whole bar grey as delay, whichever of
    /// <see cref="StackBreakdown.ServiceSeconds"/> and <see cref="StackBreakdown.QueueingSeconds"/> the model books them under
    /// (it books them as service).
    /// </summary>
    private static bool IsPureDelay(BreakdownCategory category) =>
        category is BreakdownCategory.Network or BreakdownCategory.Transfer;

    private static string Describe(BreakdownCategory category) => category switch
    {
        BreakdownCategory.WorkerQueue => "Worker queue",
        BreakdownCategory.Cpu => "Web CPU",
        BreakdownCategory.DbConnect => "DB connect",
        BreakdownCategory.DbQuery => "DB queries",
        BreakdownCategory.Proxy => "nginx (proxy)",
        _ => category.ToString(),
    };

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    private static Plot NoData(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0.5, 0.5);
        text.LabelAlignment = Alignment.MiddleCenter;
        text.LabelFontSize = 16;
        plot.Axes.SetLimits(0, 1, 0, 1);
        return Finish(plot);
    }

    private static void Guard(string phase, StackReplicationResult[] runs)
    {
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Length == 0) throw new ArgumentException("At least one replication is needed.", nameof(runs));
        foreach (StackReplicationResult r in runs) ArgumentNullException.ThrowIfNull(r, nameof(runs));
    }

    private static void Guard(IReadOnlyList<(string Phase, StackSummary Summary)> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0) throw new ArgumentException("At least one phase is needed.", nameof(phases));
        foreach ((string name, StackSummary summary) in phases)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(phases));
            ArgumentNullException.ThrowIfNull(summary, nameof(phases));
        }
    }
}
