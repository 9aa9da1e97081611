using System.Globalization;
using ScottPlot;
using Sim.Scenarios;
using Sim.Stack;
using static Sim.Charts.ChartStyle;

namespace Sim.Charts;

public static partial class StackCharts
{
    /// <summary>One gauge row: a bar of <see cref="Fraction"/> (0–1, NaN = no bar) of its limit, and the value as text.</summary>
    private readonly record struct Gauge(string Label, double Fraction, string Text, bool HighIsBad = true);

    /// <summary>
    /// The seed's "Backend performance dashboard" for one phase, as six panels in one image (mean over the
    /// replications): traffic (users, requests/s against the bottleneck's capacity, p95 against the SLO, WebSocket
    /// connections against nginx's and their memory);
    /// requests in the system and waiting over simulated time; database (connections open against
    /// max_connections, DB time per request, connection reuse); DB connections open over time; cache (hit
    /// rate, memory against its limit, evictions/s); CPU, memory, disk (not modelled, said so), errors and the share
    /// of requests answered (the document's "uptime"; no outage is simulated). Gauge bars are a share of
    /// their limit, green below 70 %, orange to 90 %, red above; hit rate and reuse, where high is good,
    /// are blue.
    /// </summary>
    /// <param name="phase">Phase name, shown in the title.</param>
    /// <param name="runs">The phase's replications, at least one.</param>
    /// <param name="scenario">The phase's configuration, for the limits (users, SLO, max_connections, cache and host memory).</param>
    public static ChartGrid Dashboard(string phase, StackReplicationResult[] runs, StackScenario scenario)
    {
        Guard(phase, runs);
        ArgumentNullException.ThrowIfNull(scenario);
        StackSummary s = StackSummary.From(runs);
        double M(string metric) => s[metric].Mean;
        var inv = CultureInfo.InvariantCulture;

        double rps = M("throughputPerSecond"), capacity = M("capacityPerSecond");
        double p95 = M("latencyMs.p95");
        SloSpec slo = scenario.Slo;
        double sloMs = slo.LatencyLimitSeconds * 1000;
        string users = scenario.Load.Populations is { } pops
            ? string.Join(", ", pops.Select(p => p.Closed is { } pc ? string.Create(inv, $"{p.Name} {pc.Users:N0}") : $"{p.Name} {Num(p.Open!.RatePerSecond)} req/s"))
            : scenario.Load.Closed is { } closed
            ? string.Create(inv, $"{closed.Users:N0} (closed load)")
            : $"open load, {Num(runs.Average(r => r.OfferedRatePerSecond))} req/s offered";
        Plot traffic = GaugePanel("Traffic",
        [
            new("Active users", double.NaN, users),
            new("Requests/s", rps / capacity, $"{Num(rps)} req/s of {Num(capacity)} at the bottleneck ({s.Bottleneck})"),
            new("Response time p95", p95 / sloMs, $"{Num(p95)} ms, SLO {LatencyObjective.QuantileName(slo.LatencyQuantile)} ≤ {Num(sloMs)} ms"),
            // The document's WebSocket rows: the dashboards' long-lived connections hold nginx connections and memory.
            new("WebSocket connections", (double)scenario.WebSockets.Connections / ((long)scenario.Proxy.MaxConnections * scenario.LoadBalancer.Servers),
                string.Create(inv, $"{scenario.WebSockets.Connections:N0} of nginx's {(long)scenario.Proxy.MaxConnections * scenario.LoadBalancer.Servers:N0} connections")),
            new("WebSocket memory", double.NaN, $"{Num(scenario.WebSockets.Connections * scenario.WebSockets.MemoryPerConnectionBytes / 1e6)} MB"),
        ]);

        double dbOpen = M("dbConnectionsOpenMean");
        int dbMax = scenario.Database.MaxConnections;
        double dbTime = runs.Average(r => r.Breakdown.Where(b => b.Category == BreakdownCategory.DbQuery).Sum(b => b.ServiceSeconds + b.QueueingSeconds)) * 1000;
        double reuse = M("dbConnectionReusePercent");
        Plot database = GaugePanel("Database",
        [
            new("Connections open", dbOpen / dbMax, $"{Num(dbOpen)} / {dbMax} (peak {runs.Max(r => r.DbConnectionsOpenMax)})"),
            new("Query time / request", double.NaN, $"{Num(dbTime)} ms"),
            new("Connection reuse", reuse / 100, $"{Num(reuse)} %", HighIsBad: false),
        ]);

        double hit = M("cacheHitRatio");
        double cacheMb = M("cacheMemoryMb"), evictions = M("cacheEvictionsPerSecond");
        double cacheLimitMb = scenario.Cache.KeySpace is { } ks ? ks.MaxMemoryBytes / 1e6 : double.NaN;
        Plot cache = GaugePanel("Cache (Redis)",
        [
            new("Hit rate", hit, double.IsFinite(hit) ? $"{Num(hit * 100)} %" : "no lookups", HighIsBad: false),
            new("Memory", cacheMb / cacheLimitMb, double.IsFinite(cacheMb) ? $"{Num(cacheMb)} MB / {Num(cacheLimitMb)} MB" : "n/a (fixed hit-ratio model)"),
            new("Evictions", double.NaN, double.IsFinite(evictions) ? $"{Num(evictions)} /s" : "n/a (fixed hit-ratio model)"),
        ]);

        double cpu = M("cpuUtilization"), dbCpu = M("dbCpuUtilization"), memory = M("memoryMb");
        double hostMb = scenario.Host.TotalMemoryBytes * scenario.LoadBalancer.Servers / 1e6;
        double errors = M("errorRate");
        long failed = runs.Sum(r => r.Failed);
        Plot system = GaugePanel("CPU, memory, errors and availability",
        [
            new("Web CPU", cpu, $"{Num(cpu * 100)} %"),
            new("Database CPU", dbCpu, $"{Num(dbCpu * 100)} %"),
            new("Web memory", memory / hostMb, $"{Num(memory)} MB / {Num(hostMb)} MB"),
            new("Disk", double.NaN, "not modelled (no disk in the scenario)"),
            new("Errors", errors / Math.Max(slo.MaxErrorRate, 1e-9), string.Create(inv, $"{Num(errors * 100)} % ({failed:N0} failed; SLO ≤ {Num(slo.MaxErrorRate * 100)} %)")),
            // No outage is simulated, so the document's "uptime" is read as the share of requests answered.
            new("Availability", 1 - errors, $"{Num((1 - errors) * 100)} % of requests answered (no outages simulated)", HighIsBad: false),
        ]);

        Plot inSystem = SeriesPanel("Requests in the system and waiting", "Requests", runs,
            [("In the system (all stages)", r => r.TimeSeries.InSystem, Neutral), ("Waiting for a worker (backlog)", r => r.TimeSeries.Backlog, Bad)], double.NaN);
        Plot dbSeries = SeriesPanel("Database connections open", "Connections", runs,
            [("Open connections", r => r.TimeSeries.DbConnectionsOpen, Series[4])], dbMax);

        return new ChartGrid($"Backend performance dashboard — {phase} (mean of {runs.Length} replications)", 2,
            [traffic, inSystem, database, dbSeries, cache, system]);
    }

    private static Plot GaugePanel(string title, IReadOnlyList<Gauge> rows)
    {
        Plot plot = NewPlot(title, "Share of the limit (%)", "");
        plot.Axes.Title.Label.FontSize = 16;
        var bars = new List<Bar>();
        int n = rows.Count;
        for (int i = 0; i < n; i++)
        {
            double y = n - 1 - i;
            Gauge g = rows[i];
            if (double.IsFinite(g.Fraction))
            {
                double pct = Math.Clamp(g.Fraction * 100, 0, 100);
                Color fill = !g.HighIsBad ? Neutral : pct >= 90 ? Bad : pct >= 70 ? Color.FromHex("#ff7f0e") : Good;
                bars.Add(new Bar { Position = y, ValueBase = 0, Value = 100, Size = 0.55, FillColor = Color.FromHex("#e6e6e6"), LineWidth = 0 });
                bars.Add(new Bar { Position = y, ValueBase = 0, Value = pct, Size = 0.55, FillColor = fill, LineWidth = 0 });
            }
            // A bar stops at 100 %; how far past its limit a value is goes in the text.
            string over = g.HighIsBad && g.Fraction > 1.005 ? $" — {Num(g.Fraction)}× the limit" : "";
            var text = plot.Add.Text(g.Text + over, 0, y + 0.3);
            text.OffsetX = 3;
            text.LabelAlignment = Alignment.LowerLeft;
            text.LabelFontSize = 14;
        }
        if (bars.Count > 0)
        {
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
        }
        CategoryTicks(plot.Axes.Left, rows.Select(r => r.Label).Reverse().ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = Ticks(0, 100, 25);
        plot.Axes.SetLimits(0, 100, -0.5, n - 0.1);
        LegendEntry(plot, "< 70 %", Good);
        LegendEntry(plot, "70–90 %", Color.FromHex("#ff7f0e"));
        LegendEntry(plot, "≥ 90 % of the limit", Bad);
        if (rows.Any(r => !r.HighIsBad && double.IsFinite(r.Fraction))) LegendEntry(plot, "Share, higher is better", Neutral);
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }

    private static Plot SeriesPanel(string title, string yLabel, StackReplicationResult[] runs,
        IReadOnlyList<(string Label, Func<StackReplicationResult, ReadOnlySpan<double>> Values, Color Color)> series, double limit)
    {
        Plot plot = NewPlot(title + " (mean of replications)", "Simulated time (s)", yLabel);
        plot.Axes.Title.Label.FontSize = 16;
        StackTimeSeries first = runs[0].TimeSeries;
        int n = first.Count;
        if (n == 0) return NoData(plot, "no time series recorded");
        double[] time = first.TimeSeconds.ToArray();
        double top = 1;
        foreach ((string label, var values, Color color) in series)
        {
            var mean = new double[n];
            int used = 0;
            foreach (StackReplicationResult r in runs)
            {
                if (r.TimeSeries.Count != n) continue;
                ReadOnlySpan<double> v = values(r);
                for (int i = 0; i < n; i++) mean[i] += v[i];
                used++;
            }
            for (int i = 0; i < n; i++) mean[i] /= used;
            var line = plot.Add.ScatterLine(time, mean, color);
            line.LineWidth = 2;
            line.LegendText = label;
            top = Math.Max(top, mean.Max());
        }
        if (double.IsFinite(limit) && limit <= top * 3)
        {
            var max = plot.Add.HorizontalLine(limit, 1.5f, Colors.Gray);
            max.LinePattern = LinePattern.Dashed;
            max.LegendText = $"Limit ({Num(limit)})";
            top = Math.Max(top, limit);
        }
        double warmup = runs[0].WarmupSeconds;
        if (warmup > time[0] && warmup < time[^1])
        {
            var end = plot.Add.VerticalLine(warmup, 1.5f, Colors.Gray);
            end.LinePattern = LinePattern.Dotted;
            end.LegendText = $"Warm-up ends ({Num(warmup)} s)";
        }
        plot.Axes.SetLimits(time[0], time[^1], 0, top * 1.15);
        plot.ShowLegend(Edge.Bottom);
        return Finish(plot);
    }
}
