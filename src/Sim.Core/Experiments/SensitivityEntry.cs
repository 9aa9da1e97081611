using Sim.Stack;

namespace Sim.Experiments;

/// <summary>One parameter's result in a <see cref="SensitivityResult"/>: the parameter and its low and high sides. Immutable.</summary>
public sealed class SensitivityEntry
{
    internal SensitivityEntry(SensitivityParameter parameter, SensitivitySide low, SensitivitySide high)
    {
        Parameter = parameter;
        Low = low;
        High = high;
    }

    /// <summary>The parameter, its base value and its low and high values.</summary>
    public SensitivityParameter Parameter { get; }

    /// <summary>The runs at the low value.</summary>
    public SensitivitySide Low { get; }

    /// <summary>The runs at the high value.</summary>
    public SensitivitySide High { get; }

    /// <summary>
    /// How far the metric moves across the parameter's range: the span of {0, low's change, high's change} — a tornado bar's
    /// length, also when both sides move the metric the same way. Same unit as the metric.
    /// </summary>
    /// <param name="metric">A name of <see cref="StackMetrics.All"/>; default the p95 latency (<c>latencyMs.p95</c>).</param>
    public double Swing(string metric = "latencyMs.p95")
    {
        double lo = Low.Difference(metric).Difference, hi = High.Difference(metric).Difference;
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) return double.NaN;
        return Math.Max(0, Math.Max(lo, hi)) - Math.Min(0, Math.Min(lo, hi));
    }
}
