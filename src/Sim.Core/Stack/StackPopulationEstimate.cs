namespace Sim.Stack;

/// <summary>
/// One population's share of an analytic estimate (<see cref="StackEstimate.Populations"/>, for a scenario with
/// <see cref="Sim.Scenarios.LoadSpec.Populations"/>): what <see cref="StackPopulationResult"/> measures, from formulas. Immutable.
/// </summary>
/// <param name="Name">Population name.</param>
/// <param name="ThroughputPerSecond">The population's successful requests per second; NaN when the estimate is unstable.</param>
/// <param name="LatencyMeanSeconds">Mean latency of the population's requests, seconds; +∞ when the estimate is unstable.</param>
/// <param name="ErrorRate">Estimated fraction of the population's requests refused by a full backlog (M/M/c/K); 0 otherwise.</param>
public sealed record StackPopulationEstimate(string Name, double ThroughputPerSecond, double LatencyMeanSeconds, double ErrorRate);
