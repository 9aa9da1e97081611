namespace Sim.Stack;

/// <summary>The metrics reported for a configuration, in their fixed order; the single definition behind summaries, comparisons and the JSON contract.</summary>
public static class StackMetrics
{
    // Latency quantiles come from log-bucketed histograms: each replication's value is within α of the exact one.
    private const double Quantile = Statistics.LatencyHistogram.DefaultRelativeAccuracy;

    /// <summary>Every metric.</summary>
    public static IReadOnlyList<StackMetric> All { get; } =
    [
        new("throughputPerSecond", "Throughput (req/s)", r => r.ThroughputPerSecond),
        new("latencyMs.mean", "Latency mean (ms)", r => r.LatencyMean * 1000),
        new("latencyMs.p50", "Latency p50 (ms)", r => r.LatencyP50 * 1000, Quantile),
        new("latencyMs.p90", "Latency p90 (ms)", r => r.LatencyP90 * 1000, Quantile),
        new("latencyMs.p95", "Latency p95 (ms)", r => r.LatencyP95 * 1000, Quantile),
        new("latencyMs.p99", "Latency p99 (ms)", r => r.LatencyP99 * 1000, Quantile),
        new("latencyMs.p999", "Latency p99.9 (ms)", r => r.LatencyP999 * 1000, Quantile),
        new("latencyMs.max", "Latency max (ms)", r => r.LatencyMax * 1000),
        new("errorRate", "Error rate", r => r.ErrorRate),
        new("workerUtilization", "Worker utilization", r => r.WorkerUtilization),
        new("queueLengthMean", "Backlog (mean)", r => r.QueueLengthMean),
        new("dbConnectionsOpenMean", "DB connections open", r => r.DbConnectionsOpenMean),
        new("dbConnectionsCreatedPerSecond", "DB connections created/s", r => r.DbConnectionsCreatedPerSecond),
        new("dbConnectionReusePercent", "DB connection reuse (%)", r => r.DbConnectionReusePercent),
        new("cacheHitRatio", "Cache hit ratio", r => r.CacheHitRatio),
        new("cacheMemoryMb", "Cache memory (MB)", r => r.CacheMemoryBytes / 1e6),
        new("cacheEvictionsPerSecond", "Cache evictions/s", r => r.CacheEvictionsPerSecond),
        new("cpuUtilization", "CPU utilization", r => r.CpuUtilization),
        new("dbCpuUtilization", "DB CPU utilization", r => r.DbCpuUtilization),
        new("memoryMb", "Memory, web tier (MB)", r => r.MemoryBytes / 1e6),
        new("bandwidthMbps", "Bandwidth (Mbit/s)", r => r.BandwidthBitsPerSecond / 1e6),
        new("tasksPerSecond", "Celery tasks/s", r => r.TasksPerSecond),
        new("littleLawRelativeError", "Little's law rel. error", r => r.LittleLawRelativeError),
        new("bottleneckUtilization", "Bottleneck utilization", r => r.BottleneckUtilization),
        new("capacityPerSecond", "Capacity at bottleneck (req/s)", r => r.BottleneckCapacityPerSecond),
    ];

    /// <summary>The metric named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such metric.</exception>
    public static StackMetric Get(string name)
    {
        foreach (StackMetric m in All) if (m.Name == name) return m;
        throw new KeyNotFoundException($"No metric '{name}'.");
    }
}
