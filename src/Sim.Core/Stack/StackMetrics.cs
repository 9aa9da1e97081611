using System.Globalization;
using System.Text;

namespace Sim.Stack;

/// <summary>
/// The metrics reported for a configuration, in their fixed order: the single registry behind summaries, comparisons, the
/// JSON and CSV contract, the console tables, the report and the table in docs/results.md (<see cref="ToMarkdownTable"/>).
/// Immutable and thread safe.
/// </summary>
public static class StackMetrics
{
    // Latency quantiles come from log-bucketed histograms: each replication's value is within α of the exact one.
    private const double Quantile = Statistics.LatencyHistogram.DefaultRelativeAccuracy;

    private const MetricTables All3 = MetricTables.Headline | MetricTables.Compared | MetricTables.Brief;

    /// <summary>Every metric, in the fixed order of the JSON contract.</summary>
    public static IReadOnlyList<StackMetric> All { get; } =
    [
        new("throughputPerSecond", "Throughput (req/s)", r => r.ThroughputPerSecond)
        { Unit = "req/s", Aggregation = MetricAggregation.Rate, ShortLabel = "req/s", Tables = All3, Description = "Successful completions in the window per second, whenever they arrived." },
        new("latencyMs.mean", "Latency mean (ms)", r => r.LatencyMeanSeconds * 1000)
        { Unit = "ms", ShortLabel = "mean ms", Tables = All3, Description = "Mean latency of successful requests (exact, not from the histogram)." },
        new("latencyMs.p50", "Latency p50 (ms)", r => r.LatencyP50Seconds * 1000, Quantile)
        { Unit = "ms", Tables = MetricTables.Headline, Description = "Median latency, from the log-bucket histogram (≤ 0.5 % relative error)." },
        new("latencyMs.p90", "Latency p90 (ms)", r => r.LatencyP90Seconds * 1000, Quantile)
        { Unit = "ms", Description = "90th percentile latency, from the histogram." },
        new("latencyMs.p95", "Latency p95 (ms)", r => r.LatencyP95Seconds * 1000, Quantile)
        { Unit = "ms", ShortLabel = "p95 ms", Tables = All3, Description = "95th percentile latency, from the histogram." },
        new("latencyMs.p99", "Latency p99 (ms)", r => r.LatencyP99Seconds * 1000, Quantile)
        { Unit = "ms", Tables = MetricTables.Headline | MetricTables.Compared, Description = "99th percentile latency, from the histogram." },
        new("latencyMs.p999", "Latency p99.9 (ms)", r => r.LatencyP999Seconds * 1000, Quantile)
        { Unit = "ms", Description = "99.9th percentile latency, from the histogram." },
        new("latencyMs.max", "Latency max (ms)", r => r.LatencyMaxSeconds * 1000)
        { Unit = "ms", Description = "Longest latency of a successful request." },
        new("errorRate", "Error rate", r => r.ErrorRate)
        { Unit = "fraction", ShortLabel = "errors", Tables = MetricTables.Headline | MetricTables.Brief, Description = "Failed / (failed + succeeded) among the window's requests." },
        new("workerUtilization", "Worker utilization", r => r.WorkerUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, ShortLabel = "workers busy", Tables = All3, Description = "Busy fraction of the gunicorn workers; the JSON adds perWorker, server by server." },
        new("queueLengthMean", "Backlog (mean)", r => r.QueueLengthMean)
        { Unit = "requests", Aggregation = MetricAggregation.TimeAverage, Tables = MetricTables.Headline, Description = "Requests waiting in the listen backlog, all servers." },
        new("dbConnectionsOpenMean", "DB connections open", r => r.DbConnectionsOpenMean)
        { Unit = "connections", Aggregation = MetricAggregation.TimeAverage, Tables = MetricTables.Headline, Description = "Database connections open from the web tier." },
        new("dbConnectionsCreatedPerSecond", "DB connections created/s", r => r.DbConnectionsCreatedPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Tables = MetricTables.Headline | MetricTables.Compared, Description = "Requests that opened a new database connection, per second." },
        new("dbConnectionReusePercent", "DB connection reuse (%)", r => r.DbConnectionReusePercent)
        { Unit = "%", Tables = MetricTables.Headline, Description = "Share of database-using requests served by an existing connection." },
        new("cacheHitRatio", "Cache hit ratio", r => r.CacheHitRatio)
        { Unit = "fraction", Tables = MetricTables.Headline, Description = "Cache hits / GETs (0 when there were none)." },
        new("cacheMemoryMb", "Cache memory (MB)", r => r.CacheMemoryBytes / 1e6)
        { Unit = "MB", Aggregation = MetricAggregation.TimeAverage, Description = "Memory the cache's resident keys hold (key-space model only; null otherwise)." },
        new("cacheEvictionsPerSecond", "Cache evictions/s", r => r.CacheEvictionsPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Keys evicted per second (key-space model only)." },
        new("cacheUtilization", "Redis CPU utilization", r => r.CacheUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Busy fraction of the busiest Redis node's single core (null when cache.serviceTime is 0: Redis is then a pure delay); the JSON adds perNode: each node's utilization, commands/s, hit ratio and command wait." },
        new("cacheCommandsPerSecond", "Redis commands/s", r => r.CacheCommandsPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Redis GETs and SETs finished per second, all nodes." },
        new("cacheCommandWaitMs", "Redis command wait (ms)", r => r.CacheCommandWaitSeconds * 1000)
        { Unit = "ms", Description = "Mean wait of a Redis command in its node's queue before it runs (null when cache.serviceTime is 0)." },
        new("cacheConnectionWaitMs", "Redis connection wait (ms)", r => r.CacheConnectionWaitSeconds * 1000)
        { Unit = "ms", Description = "Mean wait of a cache operation for a client connection (cache.maxConnections)." },
        new("cpuUtilization", "CPU utilization", r => r.CpuUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Tables = MetricTables.Headline | MetricTables.Compared, Description = "Web hosts' cores busy, mean over servers." },
        new("dbCpuUtilization", "DB CPU utilization", r => r.DbCpuUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Primary database's cores busy." },
        new("memoryMb", "Memory, web tier (MB)", r => r.MemoryBytes / 1e6)
        { Unit = "MB", Aggregation = MetricAggregation.TimeAverage, Tables = MetricTables.Headline, Description = "Estimate: base + workers + WebSocket connections." },
        new("cpuDemandFactorMean", "CPU demand factor (mean)", r => r.CpuDemandFactorMean)
        { Unit = "factor", Description = "Mean factor the cpuAtLoad steps' demand curves applied to the CPU steps started in the window, read at the host's busy cores when each started (null when no step has a curve; docs/components/cpu.md)." },
        new("hostMemoryPeakMb", "Host memory peak (MB)", r => r.HostMemoryPeakBytes / 1e6)
        { Unit = "MB", Aggregation = MetricAggregation.Derived, Description = "Most memory one web server's host had in use at once (largest over servers): base + workers' base and grown memory + requests in service + its WebSocket share (docs/components/memory.md)." },
        new("oomKillsPerSecond", "OOM kills/s", r => r.OomKillsPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Workers killed by the OOM killer per second, all servers; each busy one fails its request with outOfMemory (null without host.memoryLimit)." },
        new("workerRecyclesPerSecond", "Worker recycles/s", r => r.WorkerRecyclesPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Workers replaced after workers.maxRequests per second, all servers (null when maxRequests is 0)." },
        new("swapInUseMb", "Swap in use (MB)", r => r.SwapInUseMeanBytes / 1e6)
        { Unit = "MB", Aggregation = MetricAggregation.TimeAverage, Description = "Memory in use past host.memoryLimit on one web host, held in swap: time average, mean over servers (null without host.swap; docs/components/memory.md)." },
        new("swapInUsePeakMb", "Swap in use, peak (MB)", r => r.SwapInUsePeakBytes / 1e6)
        { Unit = "MB", Aggregation = MetricAggregation.Derived, Description = "Most swap one web host had in use at once (largest over servers; null without host.swap)." },
        new("swappingFraction", "Time swapping", r => r.SwappingFraction)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Fraction of the window a web host's memory in use was past its limit, mean over servers (null without host.swap)." },
        new("swapSlowdownMean", "Swap slowdown (mean)", r => r.SwapSlowdownMean)
        { Unit = "factor", Description = "Factor 1 + host.swapSlowdown × excess ÷ limit that swapping applied to the web hosts' CPU work, weighted by work (1: never swapped; null without host.swap)." },
        new("bandwidthMbps", "Bandwidth (Mbit/s)", r => r.BandwidthBitsPerSecond / 1e6)
        { Unit = "Mbit/s", Aggregation = MetricAggregation.Rate, Tables = MetricTables.Headline, Description = "Response bytes on the wire × 8 per second." },
        new("linkUtilization", "Link utilization", r => r.LinkUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Servers' network links (host.link): bytes sent / (capacity × window), mean over servers (null without a link limit)." },
        new("linkUtilizationMax", "Link utilization (busiest)", r => r.LinkUtilizationMax)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "The busiest server's link utilization (null without a link limit)." },
        new("tasksPerSecond", "Celery tasks/s", r => r.TasksPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Celery tasks completed in the window, per second." },
        new("tasksPublishedPerSecond", "Celery tasks published/s", r => r.TasksPublishedPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Celery tasks published in the window, per second (null without a task queue)." },
        new("taskBacklogGrowthPerSecond", "Celery backlog growth/s", r => r.TaskBacklogGrowthPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "(Tasks published − tasks done) in the window per second; a significant growth makes the run unstable (docs/components/celery.md)." },
        new("taskQueueLengthMean", "Celery queue (mean)", r => r.TaskQueueLengthMean)
        { Unit = "tasks", Aggregation = MetricAggregation.TimeAverage, Description = "Tasks delivered by the broker and waiting for a Celery worker." },
        new("taskQueueLengthMax", "Celery queue (max)", r => r.TaskQueueLengthMax)
        { Unit = "tasks", Aggregation = MetricAggregation.Derived, Description = "Most tasks waiting for a worker at once in the window." },
        new("taskQueueLengthAtEnd", "Celery queue (at end)", r => r.TaskQueueLengthAtEnd)
        { Unit = "tasks", Aggregation = MetricAggregation.Derived, Description = "Tasks waiting for a worker at the window's end." },
        new("taskWaitMs.mean", "Celery task wait mean (ms)", r => r.TaskWaitMeanSeconds * 1000)
        { Unit = "ms", Description = "Delivery → a worker takes the task, over the tasks taken in the window." },
        new("taskWaitMs.p95", "Celery task wait p95 (ms)", r => r.TaskWaitP95Seconds * 1000, Quantile)
        { Unit = "ms", Description = "95th percentile of the task wait, from the histogram." },
        new("taskLatencyMs.mean", "Celery task latency mean (ms)", r => r.TaskLatencyMeanSeconds * 1000)
        { Unit = "ms", Description = "Publish → done, over the tasks finished in the window." },
        new("taskLatencyMs.p50", "Celery task latency p50 (ms)", r => r.TaskLatencyP50Seconds * 1000, Quantile)
        { Unit = "ms", Description = "Median task latency, from the histogram." },
        new("taskLatencyMs.p95", "Celery task latency p95 (ms)", r => r.TaskLatencyP95Seconds * 1000, Quantile)
        { Unit = "ms", Description = "95th percentile task latency, from the histogram." },
        new("taskLatencyMs.p99", "Celery task latency p99 (ms)", r => r.TaskLatencyP99Seconds * 1000, Quantile)
        { Unit = "ms", Description = "99th percentile task latency, from the histogram." },
        new("webHostCpu.app", "Web host CPU: app", r => r.WebHostCpuApp)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by the application's CPU steps and Django's side of DB connects." },
        new("webHostCpu.gzip", "Web host CPU: gzip", r => r.WebHostCpuGzip)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by nginx's gzip." },
        new("webHostCpu.proxy", "Web host CPU: nginx", r => r.WebHostCpuProxy)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by nginx itself (handshakes, proxy.cpu)." },
        new("webHostCpu.database", "Web host CPU: database", r => r.WebHostCpuDatabase)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by PostgreSQL placed on it (placement.database = web)." },
        new("webHostCpu.cache", "Web host CPU: Redis", r => r.WebHostCpuCache)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by Redis placed on it (placement.cache = web)." },
        new("webHostCpu.taskQueue", "Web host CPU: Celery", r => r.WebHostCpuTaskQueue)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by Celery placed on it (placement.taskQueue = web)." },
        new("webHostCpu.generator", "Web host CPU: load generator", r => r.WebHostCpuGenerator)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by a load generator placed on it (placement.loadGenerator = web)." },
        new("webHostCpu.wakeup", "Web host CPU: wake-ups", r => r.WebHostCpuWakeup)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the first web host's cores used by workers resuming after DB and Redis replies (host.wakeupCpu)." },
        new("postmasterUtilization", "Postmaster utilization", r => r.PostmasterUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Busy fraction of PostgreSQL's single postmaster process (null without database.postmasterCpu)." },
        new("postmasterWaitMs", "Postmaster wait mean (ms)", r => r.PostmasterWaitSeconds * 1000)
        { Unit = "ms", Description = "Mean wait of a connection setup for the postmaster (null without database.postmasterCpu)." },
        new("nginxWorkerUtilization", "nginx worker utilization", r => r.NginxWorkerUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Mean busy fraction of the nginx worker processes (null without proxy.workers and proxy.cpu)." },
        new("nginxWorkerWaitMs", "nginx worker wait mean (ms)", r => r.NginxWorkerWaitSeconds * 1000)
        { Unit = "ms", Description = "Mean wait of a request for its nginx worker (null without proxy.workers and proxy.cpu)." },
        new("attemptsPerRequest", "Attempts per request", r => r.AttemptsPerRequest)
        { Unit = "attempts", Description = "Attempts sent / requests (retry amplification, clients.retries): 1 without retries." },
        new("attemptsPerSecond", "Attempts/s", r => r.AttemptsPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Attempts sent per second, first attempts and retries: the load the clients really offer." },
        new("retriesPerSecond", "Retries/s", r => r.RetriesPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Retries sent per second (clients.retries)." },
        new("clientTimeoutsPerSecond", "Client timeouts/s", r => r.ClientTimeoutsPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Attempts whose client gave up waiting (clients.timeout) per second, retried or not; the server goes on with them." },
        new("abandonedPerSecond", "Abandoned/s", r => r.AbandonedPerSecond)
        { Unit = "1/s", Aggregation = MetricAggregation.Rate, Description = "Attempts that left the listen backlog before a worker took them (clients.patience) per second." },
        new("abandonmentRatio", "Abandonment ratio", r => r.AbandonmentRatio)
        { Unit = "fraction", Description = "Abandoned attempts / attempts sent (Erlang A's probability of abandonment with exponential patience and no retries)." },
        new("wastedWorkFraction", "Wasted work", r => r.WastedWorkFraction)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Share of the workers' busy time spent on attempts whose client had timed out: responses nobody waited for." },
        new("littleLawRelativeError", "Little's law rel. error", r => r.LittleLawRelativeError)
        { Unit = "fraction", Aggregation = MetricAggregation.Derived, Description = "Signed (L − λW) / max(L, λW): a check, mean 0 in a stationary system." },
        new("bottleneckUtilization", "Bottleneck utilization", r => r.BottleneckUtilization)
        { Unit = "fraction", Aggregation = MetricAggregation.TimeAverage, Description = "Busy fraction of the busiest station (workers, web CPU, database CPU, a Redis node's CPU, the server link when host.link is set, the postmaster or the nginx workers when modelled)." },
        new("capacityPerSecond", "Capacity at bottleneck (req/s)", r => r.BottleneckCapacityPerSecond)
        { Unit = "req/s", Aggregation = MetricAggregation.Derived, Tables = MetricTables.Headline, Description = "X / U of the bottleneck: the throughput when it saturates." },
    ];

    /// <summary>The metrics of <c>sim phases</c>' table and the report (<see cref="MetricTables.Headline"/>), in registry order.</summary>
    public static IReadOnlyList<StackMetric> Headline { get; } = [.. All.Where(m => m.Tables.HasFlag(MetricTables.Headline))];

    /// <summary>
    /// The metrics whose change from the previous phase is reported with a paired interval (<see cref="MetricTables.Compared"/>):
    /// throughput and latency first, then the resources — an order the tables and the JSON's <c>changeFromPrevious</c> keep.
    /// </summary>
    public static IReadOnlyList<StackMetric> Compared { get; } =
        [.. All.Where(m => m.Tables.HasFlag(MetricTables.Compared)).OrderBy(m => m.Name == "dbConnectionsCreatedPerSecond" ? 1 : 0)];

    /// <summary>The metrics of <c>sim sweep</c>'s one-row-per-point table (<see cref="MetricTables.Brief"/>), in registry order.</summary>
    public static IReadOnlyList<StackMetric> Brief { get; } = [.. All.Where(m => m.Tables.HasFlag(MetricTables.Brief))];

    /// <summary>Every metric's name, in registry order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The metric named <paramref name="name"/> (exact, case-sensitive).</summary>
    /// <param name="name">A stable name, e.g. <c>latencyMs.p95</c>.</param>
    /// <exception cref="KeyNotFoundException">No such metric; the message is <see cref="UnknownMetricMessage"/>.</exception>
    public static StackMetric Get(string name) =>
        TryGet(name, out StackMetric? metric) ? metric : throw new KeyNotFoundException(UnknownMetricMessage(name));

    /// <summary>Looks a metric up by its stable name (exact, case-sensitive).</summary>
    /// <param name="name">A stable name.</param>
    /// <param name="metric">The metric, or null when there is none of that name.</param>
    /// <returns>True when found.</returns>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StackMetric? metric)
    {
        foreach (StackMetric m in All)
            if (m.Name == name)
            {
                metric = m;
                return true;
            }
        metric = null;
        return false;
    }

    /// <summary>"No metric 'x'; did you mean 'y'? Metrics: a, b, …" — the message for a name not in the registry, listing every valid one.</summary>
    /// <param name="name">The name asked for.</param>
    public static string UnknownMetricMessage(string name)
    {
        string suggestion = Validation.NearestName.Find(name ?? "", Names) is { } nearest ? $"; did you mean '{nearest}'?" : "";
        return $"No metric '{name}'{suggestion} Metrics: {string.Join(", ", Names)}.";
    }

    /// <summary>
    /// A number for a table cell: whole numbers from 100, one decimal from 10, else three significant digits — written out
    /// in decimals down to 10⁻⁶, in E notation only below that; "∞" for an infinity, "—" for NaN. Invariant culture.
    /// </summary>
    /// <param name="value">Any value.</param>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value)) return "—";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞"; // not .NET's "Infinity"
        double a = Math.Abs(value);
        if (a >= 100) return value.ToString("F0", CultureInfo.InvariantCulture);
        if (a >= 10) return value.ToString("F1", CultureInfo.InvariantCulture);
        if (a >= 1e-3 || a < 1e-6) return value.ToString("G3", CultureInfo.InvariantCulture);
        int decimals = 2 - (int)Math.Floor(Math.Log10(a)); // three significant digits
        return value.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>A mean with its 95 % half-width as a table cell: "mean ± ci95", just "mean" when the half-width is 0 (or not finite), "—" when the mean is NaN.</summary>
    /// <param name="mean">Mean across replications, in the metric's unit.</param>
    /// <param name="ci95">Half-width of the 95 % interval, same unit, ≥ 0.</param>
    public static string FormatCell(double mean, double ci95) =>
        double.IsNaN(mean) ? "—" : ci95 > 0 ? $"{FormatNumber(mean)} ± {FormatNumber(ci95)}" : FormatNumber(mean);

    /// <summary>
    /// The registry as a Markdown table — name, unit, per replication, label, description, tables — exactly as in
    /// docs/results.md (a test keeps the two equal). Lines end with "\n".
    /// </summary>
    public static string ToMarkdownTable()
    {
        var sb = new StringBuilder();
        sb.Append("| name | unit | per replication | label | meaning | shown in |\n");
        sb.Append("| --- | --- | --- | --- | --- | --- |\n");
        foreach (StackMetric m in All)
        {
            string per = m.Aggregation switch
            {
                MetricAggregation.Rate => "rate over the window",
                MetricAggregation.TimeAverage => "time average",
                MetricAggregation.Derived => "derived",
                _ => "over the window's requests",
            };
            var shown = new List<string>();
            if (m.Tables.HasFlag(MetricTables.Headline)) shown.Add("headline");
            if (m.Tables.HasFlag(MetricTables.Compared)) shown.Add("compared");
            if (m.Tables.HasFlag(MetricTables.Brief)) shown.Add($"brief (\"{m.ShortLabel}\")");
            sb.Append("| `").Append(m.Name).Append("` | ").Append(m.Unit.Length == 0 ? "—" : m.Unit).Append(" | ").Append(per).Append(" | ")
              .Append(m.Label).Append(" | ").Append(m.Description.Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ")
              .Append(shown.Count == 0 ? "—" : string.Join(", ", shown)).Append(" |\n");
        }
        return sb.ToString();
    }
}
