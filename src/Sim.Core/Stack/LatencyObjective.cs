namespace Sim.Stack;

/// <summary>
/// One latency clause of a service-level objective: the latency at <paramref name="Quantile"/> must be at most
/// <paramref name="Limit"/>. A scenario's <see cref="Scenarios.SloSpec"/> holds one; <see cref="SloVerdict.Judge(Scenarios.SloSpec, IReadOnlyList{StackReplicationResult}, IReadOnlyList{LatencyObjective})"/>
/// judges further ones beside it (e.g. <c>p95 ≤ 500 ms and p99 ≤ 2 s</c>). Immutable.
/// </summary>
/// <param name="Quantile">Quantile in (0, 1), e.g. 0.99.</param>
/// <param name="Limit">Maximum latency at that quantile, seconds, &gt; 0.</param>
public sealed record LatencyObjective(double Quantile, double Limit);
