namespace Sim.Stack;

/// <summary>One request class's results in one replication. Latencies in seconds; NaN when no request of the class completed.</summary>
/// <param name="Name">Class name.</param>
/// <param name="Completed">Successful requests in the window.</param>
/// <param name="Errors">Failed requests in the window.</param>
/// <param name="ThroughputPerSecond">Successful requests per second.</param>
/// <param name="LatencyMean">Mean latency, seconds.</param>
/// <param name="LatencyP50">Median latency, seconds.</param>
/// <param name="LatencyP95">95th percentile, seconds.</param>
/// <param name="LatencyP99">99th percentile, seconds.</param>
public sealed record StackClassResult(string Name, long Completed, long Errors, double ThroughputPerSecond,
    double LatencyMean, double LatencyP50, double LatencyP95, double LatencyP99);
