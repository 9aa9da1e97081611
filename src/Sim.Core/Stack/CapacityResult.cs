namespace Sim.Stack;

/// <summary>The largest load that meets a scenario's SLO, found by <see cref="CapacitySearch"/>.</summary>
/// <param name="Load">"users" for a closed load, "rate" (requests/s) for an open load.</param>
/// <param name="Capacity">The largest load tested that met the SLO (users, or requests/s); 0 when even the smallest failed.</param>
/// <param name="FirstViolation">The smallest load tested that violated it: the capacity lies in [Capacity, FirstViolation).</param>
/// <param name="ThroughputAtCapacity">Throughput at <paramref name="Capacity"/>, requests/s (mean across replications).</param>
/// <param name="LatencyAtCapacity">The SLO's latency quantile at capacity, seconds (mean across replications).</param>
/// <param name="LatencyCi95AtCapacity">Its 95 % half-width across replications, seconds.</param>
/// <param name="ErrorRateAtCapacity">Error rate at capacity.</param>
/// <param name="Evaluations">Loads simulated during the search.</param>
public sealed record CapacityResult(string Load, double Capacity, double FirstViolation, double ThroughputAtCapacity,
    double LatencyAtCapacity, double LatencyCi95AtCapacity, double ErrorRateAtCapacity, int Evaluations);
