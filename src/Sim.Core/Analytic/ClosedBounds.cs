namespace Sim.Analytic;

/// <summary>
/// Asymptotic (operational) bounds on a closed interactive network with N customers, as returned by
/// <see cref="Bounds.Closed(int, double, ReadOnlySpan{MvaStation})"/>. Throughput in customers per
/// second, times in seconds. Immutable; thread safe.
/// </summary>
/// <param name="Customers">N.</param>
/// <param name="ThroughputLower">N/(N·D + Z): every other customer ahead of you at every station.</param>
/// <param name="ThroughputUpper">min(N/(D + Z), 1/max_k(D_k/c_k)): no queueing, or the bottleneck saturated.</param>
/// <param name="ResponseTimeLower">max(D, N·max_k(D_k/c_k) − Z), excluding think time.</param>
/// <param name="ResponseTimeUpper">N·D, excluding think time.</param>
/// <param name="SaturationPopulation">N* = (D + Z)/max_k(D_k/c_k), the population beyond which the bottleneck limits throughput.</param>
public readonly record struct ClosedBounds(
    int Customers,
    double ThroughputLower,
    double ThroughputUpper,
    double ResponseTimeLower,
    double ResponseTimeUpper,
    double SaturationPopulation);
