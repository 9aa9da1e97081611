namespace Sim.Stack;

/// <summary>One metric across replications: mean and the half-width of its 95 % Student-t interval (0 with one replication).</summary>
/// <param name="Name">Stable name with its unit, as in docs/results.md (e.g. <c>latencyMs.p95</c>).</param>
/// <param name="Label">Human label for tables.</param>
/// <param name="Mean">Mean across replications, in the unit the name states.</param>
/// <param name="Ci95">Half-width of the 95 % interval, same unit.</param>
public sealed record MetricSummary(string Name, string Label, double Mean, double Ci95);
