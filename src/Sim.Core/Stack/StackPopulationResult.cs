using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// One population's results in one replication (<see cref="Sim.Scenarios.LoadSpec.Populations"/>), measured as the
/// classes are (<see cref="StackClassResult"/>). Latencies in seconds; NaN when no request of the population completed.
/// </summary>
/// <param name="Name">Population name.</param>
/// <param name="Completed">Requests of the population that arrived in the window and succeeded (followed through the drain).</param>
/// <param name="Errors">Requests of the population that arrived in the window and failed.</param>
/// <param name="ThroughputPerSecond">Successful departures of the population in the window, per second of window.</param>
/// <param name="LatencyMeanSeconds">Mean latency, seconds.</param>
/// <param name="LatencyP50Seconds">Median latency, seconds.</param>
/// <param name="LatencyP95Seconds">95th percentile, seconds.</param>
/// <param name="LatencyP99Seconds">99th percentile, seconds.</param>
public sealed record StackPopulationResult(string Name, long Completed, long Errors, double ThroughputPerSecond,
    double LatencyMeanSeconds, double LatencyP50Seconds, double LatencyP95Seconds, double LatencyP99Seconds)
{
    /// <summary>
    /// Latencies of the population's successful requests, mergeable across replications (as
    /// <see cref="StackClassResult.LatencyHistogram"/>): any quantile of the population. Empty when the result was built
    /// without one.
    /// </summary>
    public IReadOnlyLatencyHistogram LatencyHistogram { get; init; } = new ReadOnlyLatencyHistogram(new LatencyHistogram());
}
