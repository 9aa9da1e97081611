namespace Sim.Stack;

/// <summary>One configuration of a <see cref="ScalingSeries"/>: its concurrency, its load and what was measured. Immutable.</summary>
/// <param name="N">Servers or workers, ≥ 1.</param>
/// <param name="Load">Closed users, or the open arrival rate (requests/s), at this point; with several populations, the common factor on them (1 = the scenario as written).</param>
/// <param name="Summary">The replications summarised (throughput, latency, … with 95 % intervals).</param>
/// <param name="Throughputs">Each replication's throughput, requests/s (the points the scalability law is fitted to).</param>
public sealed record ScalingPoint(int N, double Load, StackSummary Summary, IReadOnlyList<double> Throughputs);
