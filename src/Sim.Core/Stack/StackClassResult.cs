using Sim.Statistics;

namespace Sim.Stack;

/// <summary>One request class's results in one replication. Latencies in seconds; NaN when no request of the class completed.</summary>
/// <param name="Name">Class name.</param>
/// <param name="Completed">Requests of the class that arrived in the window and succeeded (followed through the drain).</param>
/// <param name="Errors">Requests of the class that arrived in the window and failed.</param>
/// <param name="ThroughputPerSecond">Successful departures of the class in the window, per second of window.</param>
/// <param name="LatencyMeanSeconds">Mean latency, seconds.</param>
/// <param name="LatencyP50Seconds">Median latency, seconds.</param>
/// <param name="LatencyP95Seconds">95th percentile, seconds.</param>
/// <param name="LatencyP99Seconds">99th percentile, seconds.</param>
public sealed record StackClassResult(string Name, long Completed, long Errors, double ThroughputPerSecond,
    double LatencyMeanSeconds, double LatencyP50Seconds, double LatencyP95Seconds, double LatencyP99Seconds)
{
    /// <summary>
    /// Latencies of the class's successful requests (mergeable across replications, like
    /// <see cref="StackReplicationResult.LatencyHistogram"/>): any quantile of the class, e.g. for a per-class SLO. Empty
    /// when the result was built without one.
    /// </summary>
    public IReadOnlyLatencyHistogram LatencyHistogram { get; init; } = new ReadOnlyLatencyHistogram(new LatencyHistogram());
}
