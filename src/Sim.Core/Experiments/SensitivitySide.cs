using Sim.Stack;

namespace Sim.Experiments;

/// <summary>One side (low or high) of a parameter in a <see cref="SensitivityStudy"/>: its runs' summary and the paired change of every metric from the base. Immutable.</summary>
public sealed class SensitivitySide
{
    internal SensitivitySide(double value, StackSummary summary, IReadOnlyList<PhaseDifference> differences, CapacityResult? capacity, bool identical)
    {
        IdenticalToBase = identical;
        Value = value;
        Summary = summary;
        Differences = differences;
        Capacity = capacity;
    }

    /// <summary>The parameter's value on this side, in the units of <see cref="SensitivityParameter.Unit"/> (SI; the mean for a distribution).</summary>
    public double Value { get; }

    /// <summary>The replications summarised (mean ± 95 % half-width of every metric).</summary>
    public StackSummary Summary { get; }

    /// <summary>
    /// The change of every metric of <see cref="StackMetrics.All"/> (in that order) from the base, paired by replication: both
    /// ran with the scenario's seed, so replication r of each saw the same random numbers (common random numbers).
    /// </summary>
    public IReadOnlyList<PhaseDifference> Differences { get; }

    /// <summary>
    /// True when every metric of every replication equals the base's: the configuration never reads the parameter (gzip's
    /// CPU cost with gzip off, a memory size without a memory limit), or the value is the base's (a count rounded to itself).
    /// Common random numbers make this exact rather than a difference lost in noise.
    /// </summary>
    public bool IdenticalToBase { get; }

    /// <summary>The capacity under the SLO on this side, when <see cref="SensitivityOptions.SearchCapacity"/> asked for it; else null.</summary>
    public CapacityResult? Capacity { get; }

    /// <summary>The change of the metric named <paramref name="metric"/> from the base.</summary>
    /// <param name="metric">A name of <see cref="StackMetrics.All"/>, e.g. <c>latencyMs.p95</c>.</param>
    /// <exception cref="KeyNotFoundException">No such metric (the message lists the valid names).</exception>
    public PhaseDifference Difference(string metric)
    {
        StackMetric m = StackMetrics.Get(metric);
        return Differences.First(d => d.Metric == m.Name);
    }
}
