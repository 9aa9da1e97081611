namespace Sim.Stack;

/// <summary>
/// A named metric of a replication: its stable name (with unit), a label, and how to read it; the registry of them all is
/// <see cref="StackMetrics"/>. Immutable.
/// </summary>
/// <param name="Name">Stable name, as in docs/results.md.</param>
/// <param name="Label">Human label for tables.</param>
/// <param name="Value">Reads the metric from one replication (NaN when it has no value).</param>
/// <param name="RelativeResolution">
/// The relative error every replication's value may carry alike (0 for exact values): α of the latency
/// histogram for its quantiles. Summaries add it to the confidence interval's half-width.
/// </param>
public sealed record StackMetric(string Name, string Label, Func<StackReplicationResult, double> Value, double RelativeResolution = 0)
{
    /// <summary>The unit of a value, as written after a number ("req/s", "ms", "MB"); "fraction" for 0–1 ratios; empty for counts without a unit. Default empty.</summary>
    public string Unit { get; init; } = "";

    /// <summary>What the metric measures, one sentence, as in docs/results.md. Default empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>How one replication's value is formed from the window; across replications every metric is a mean with a 95 % Student-t half-width. Default <see cref="MetricAggregation.PerRequest"/>.</summary>
    public MetricAggregation Aggregation { get; init; } = MetricAggregation.PerRequest;

    /// <summary>A short column heading (<c>sim sweep</c>'s table); defaults to <see cref="Label"/>.</summary>
    public string ShortLabel { get => _shortLabel ?? Label; init => _shortLabel = value; }

    private readonly string? _shortLabel;

    /// <summary>The standard tables that show the metric. Default <see cref="MetricTables.None"/>.</summary>
    public MetricTables Tables { get; init; }

}
