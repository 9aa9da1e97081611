using System.Globalization;

namespace Sim.Cli;

/// <summary>
/// How the tool prints numbers: <see cref="TableNumber"/> and <see cref="TableCell(double, double)"/> in every console
/// table (thousands separators, percentages, no noise); <see cref="Number"/> — about three significant digits — in
/// messages and Markdown; "—" for a missing value. JSON and CSV use neither.
/// </summary>
internal static class CliFormat
{
    /// <summary>
    /// The load of a run's header: "500 users", "50 req/s offered", or for a rate profile its time average over the
    /// observed window (warm-up to warm-up + duration) with its peak — never the 0 a profile's unused constant rate holds.
    /// </summary>
    public static string Load(Sim.Scenarios.StackScenario s, double warmupSeconds) => s.Load.Populations is { } pops
        ? $"{pops.Count} population(s): " + string.Join("; ", pops.Select(p => $"{p.Name} {OneLoad(p.Open, p.Closed, warmupSeconds, s.Run.DurationSeconds)}"))
        : OneLoad(s.Load.Open, s.Load.Closed, warmupSeconds, s.Run.DurationSeconds);

    private static string OneLoad(Sim.Scenarios.OpenLoad? open, Sim.Scenarios.ClosedLoad? closed, double warmupSeconds, double durationSeconds) => closed is { } c
        ? $"{c.Users} users"
        : open!.IsConstantRate
            ? $"{Number(open.RatePerSecond)} req/s offered"
            : $"{Number(open.MeanRate(warmupSeconds, warmupSeconds + durationSeconds))} req/s offered on average over the window ({(open.Trace is null ? "rate profile" : "replayed log")}, peak {Number(open.PeakRatePerSecond)} req/s)";

    /// <summary>An open load's time-average rate over the observed window, requests/s; with populations, the sum of the open ones'.</summary>
    public static double OfferedRate(Sim.Scenarios.StackScenario s, double warmupSeconds) => s.Load.Populations is { } pops
        ? pops.Where(p => p.Open is not null).Sum(p => p.Open!.MeanRate(warmupSeconds, warmupSeconds + s.Run.DurationSeconds))
        : s.Load.Open!.MeanRate(warmupSeconds, warmupSeconds + s.Run.DurationSeconds);

    /// <summary>
    /// "users", or "offeredRatePerSecond" (the window's time average) and, for a rate profile, "offeredPeakRatePerSecond";
    /// with populations, "users" (of the closed ones) and "offeredRatePerSecond" (of the open ones), each when any.
    /// </summary>
    public static void WriteLoad(System.Text.Json.Utf8JsonWriter w, Sim.Scenarios.StackScenario s, double warmupSeconds)
    {
        if (s.Load.Populations is { } pops)
        {
            if (pops.Any(p => p.Closed is not null)) w.WriteNumber("users", pops.Sum(p => p.Closed?.Users ?? 0));
            if (pops.Any(p => p.Open is not null)) w.WriteNumber("offeredRatePerSecond", OfferedRate(s, warmupSeconds));
            return;
        }
        if (s.Load.Closed is { } closed)
        {
            w.WriteNumber("users", closed.Users);
            return;
        }
        w.WriteNumber("offeredRatePerSecond", OfferedRate(s, warmupSeconds));
        if (!s.Load.Open!.IsConstantRate) w.WriteNumber("offeredPeakRatePerSecond", s.Load.Open.PeakRatePerSecond);
    }

    /// <summary>The legend under every table of means with 95 % intervals across replications.</summary>
    public const string IntervalNote = "Percentile intervals include the histogram's 0.5 % resolution.";

    /// <summary>
    /// A number for a table cell: whole numbers from 100, one decimal from 10, else three significant digits —
    /// written out in decimals down to 10⁻⁶ (a near-empty backlog reads "0.0000238 ± 0.000024", not "2.38E-05 ±
    /// 2.4E-05"), in E notation only below that; "∞" for an infinity, "—" for NaN.
    /// </summary>
    public static string Number(double v) => Sim.Stack.StackMetrics.FormatNumber(v);

    /// <summary>
    /// A number in a console table — the one format of every table the tool prints: thousands separated as in the charts
    /// ("1,308"), whole numbers from 100, one decimal from 10, two below (trailing zeros dropped: "8", "2.76", "0.04"), and
    /// "&lt; 0.01" for a value that would round to zero (never "0.0000238"); "∞", "—" for NaN. Invariant culture. Machine
    /// formats (JSON, CSV) keep full precision and do not use this.
    /// </summary>
    public static string TableNumber(double v)
    {
        if (double.IsNaN(v)) return "—";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "-∞";
        if (v == 0) return "0";
        double a = Math.Abs(v);
        if (a < 0.005) return v > 0 ? "< 0.01" : "> -0.01";
        string pattern = a >= 99.5 ? "#,##0" : a >= 9.995 ? "#,##0.#" : "0.##";
        return v.ToString(pattern, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A mean with its 95 % half-width in a console table: "1,316 ± 110", just the mean when the half-width is 0, not
    /// finite, or below the table's precision (it would print "± &lt; 0.01"); "—" when the mean is NaN.
    /// </summary>
    public static string TableCell(double mean, double ci95)
    {
        if (double.IsNaN(mean)) return "—";
        string m = TableNumber(mean);
        if (!(ci95 > 0) || !double.IsFinite(ci95) || ci95 < 0.005) return m;
        return $"{m} ± {TableNumber(ci95)}";
    }

    /// <summary>A signed change with its 95 % half-width: "+8.02 ± 25.7", "-864 ± 1,437", "0", "—" for NaN.</summary>
    public static string TableChange(double difference, double ci95)
    {
        if (double.IsNaN(difference)) return "—";
        string cell = TableCell(difference, ci95);
        return difference > 0 && !cell.StartsWith('<') ? "+" + cell : cell;
    }

    /// <summary>What a metric's values are multiplied by in a console table: 100 for a fraction (shown as a percentage), else 1.</summary>
    public static double TableScale(Sim.Stack.StackMetric metric) => metric.Unit == "fraction" ? 100 : 1;

    /// <summary>A metric's label in a console table: the registry's, with "(%)" when a fraction is shown as a percentage.</summary>
    public static string TableLabel(Sim.Stack.StackMetric metric) => metric.Unit == "fraction" ? metric.Label + " (%)" : metric.Label;

    /// <summary>A metric summary as a console table cell, percentages for fractions.</summary>
    public static string TableCell(Sim.Stack.MetricSummary m)
    {
        double scale = Sim.Stack.StackMetrics.TryGet(m.Name, out Sim.Stack.StackMetric? metric) ? TableScale(metric) : 1;
        return TableCell(m.Mean * scale, m.Ci95 * scale);
    }

    /// <summary>
    /// A short column header (lines separated by '\n') for a metric in a table with one row per phase or point: unit
    /// included, "%" for fractions. Metrics the tool has no short header for use the registry's short label.
    /// </summary>
    public static string ColumnHeader(Sim.Stack.StackMetric metric) => metric.Name switch
    {
        "throughputPerSecond" => "req/s",
        "latencyMs.mean" => "mean\nms",
        "latencyMs.p50" => "p50\nms",
        "latencyMs.p90" => "p90\nms",
        "latencyMs.p95" => "p95\nms",
        "latencyMs.p99" => "p99\nms",
        "latencyMs.p999" => "p99.9\nms",
        "latencyMs.max" => "max\nms",
        "errorRate" => "errors\n%",
        "workerUtilization" => "workers\nbusy %",
        "queueLengthMean" => "backlog\n(requests)",
        "dbConnectionsOpenMean" => "DB conns\nopen",
        "dbConnectionsCreatedPerSecond" => "DB conns\nnew/s",
        "dbConnectionReusePercent" => "DB conn\nreuse %",
        "cacheHitRatio" => "cache\nhits %",
        "cacheMemoryMb" => "cache\nMB",
        "cacheEvictionsPerSecond" => "evictions\n/s",
        "cacheUtilization" => "Redis\nCPU %",
        "cacheCommandsPerSecond" => "Redis\ncmds/s",
        "cacheCommandWaitMs" => "Redis\nwait ms",
        "cacheConnectionWaitMs" => "Redis conn\nwait ms",
        "cpuUtilization" => "CPU\n%",
        "dbCpuUtilization" => "DB CPU\n%",
        "memoryMb" => "memory\nMB",
        "bandwidthMbps" => "bandwidth\nMbit/s",
        "linkUtilization" => "link\nbusy %",
        "linkUtilizationMax" => "link max\nbusy %",
        "tasksPerSecond" => "tasks/s",
        "tasksPublishedPerSecond" => "tasks\npublished/s",
        "taskBacklogGrowthPerSecond" => "backlog\ngrowth/s",
        "taskQueueLengthMean" => "Celery\nqueue",
        "taskQueueLengthMax" => "Celery\nqueue max",
        "taskQueueLengthAtEnd" => "Celery\nqueue end",
        "taskWaitMs.mean" => "task wait\nms",
        "taskWaitMs.p95" => "task wait\np95 ms",
        "taskLatencyMs.mean" => "task\nmean ms",
        "taskLatencyMs.p50" => "task\np50 ms",
        "taskLatencyMs.p95" => "task\np95 ms",
        "taskLatencyMs.p99" => "task\np99 ms",
        "littleLawRelativeError" => "Little's\nlaw err %",
        "bottleneckUtilization" => "bottleneck\nbusy %",
        "capacityPerSecond" => "bottleneck\ncap. req/s",
        _ => metric.Unit == "fraction" ? metric.ShortLabel + "\n%" : metric.ShortLabel,
    };
}
