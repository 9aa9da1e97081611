namespace Sim.Stack;

/// <summary>A named metric of a replication: its stable name (with unit), a label, and how to read it.</summary>
/// <param name="Name">Stable name, as in docs/results.md.</param>
/// <param name="Label">Human label for tables.</param>
/// <param name="Value">Reads the metric from one replication (NaN when it has no value).</param>
/// <param name="RelativeResolution">
/// The relative error every replication's value may carry alike (0 for exact values): α of the latency
/// histogram for its quantiles. Summaries add it to the confidence interval's half-width.
/// </param>
public sealed record StackMetric(string Name, string Label, Func<StackReplicationResult, double> Value, double RelativeResolution = 0);
