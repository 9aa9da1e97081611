using Sim.Stack;
using Sim.Statistics;

namespace Sim.Charts;

/// <summary>
/// One latency axis for several response-time distribution charts, so that the phases of a report are drawn on the
/// same scale and can be compared by eye: log when any phase has a long tail (p99.9 more than twice its p99) or the
/// phases' ranges differ more than fourfold (a linear axis wide enough for the slowest would squash the fastest), from
/// the smallest 0.1th percentile to the largest latency; otherwise linear from 0 to the largest p99.9 (at most twice
/// the largest p99). Immutable.
/// </summary>
/// <param name="Log">True for a log axis.</param>
/// <param name="MinSeconds">Left end of the axis, seconds (0 on a linear axis).</param>
/// <param name="MaxSeconds">Right end of the axis, seconds; &gt; <paramref name="MinSeconds"/>.</param>
public sealed record LatencyScale(bool Log, double MinSeconds, double MaxSeconds)
{
    /// <summary>The scale that fits every phase of <paramref name="phases"/>; null when none has a completed request.</summary>
    /// <param name="phases">Each phase's replications.</param>
    /// <param name="log">True: a log axis whatever the data (as <c>--log-latency</c> asks); false: chosen as above.</param>
    public static LatencyScale? Shared(IReadOnlyList<StackReplicationResult[]> phases, bool log = false)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var pooled = new List<LatencyHistogram>();
        foreach (StackReplicationResult[] runs in phases)
        {
            ArgumentNullException.ThrowIfNull(runs);
            if (runs.Length == 0) continue;
            LatencyHistogram merged = StackCharts.Pooled(runs);
            if (merged.Count > 0) pooled.Add(merged);
        }
        if (pooled.Count == 0) return null;
        double p99Max = pooled.Max(h => h.Quantile(0.99)), p99Min = pooled.Min(h => h.Quantile(0.99));
        bool longTail = pooled.Any(h => h.Quantile(0.999) > 2 * h.Quantile(0.99));
        if (log || longTail || p99Max > 4 * p99Min)
        {
            double max = pooled.Max(h => Math.Max(h.Max, h.Quantile(0.999))) * 1.1;
            double min = Math.Max(pooled.Min(h => h.Quantile(0.001)) * 0.9, max * 1e-4);
            return new LatencyScale(true, min, max);
        }
        return new LatencyScale(false, 0, pooled.Max(h => Math.Min(Math.Max(h.Quantile(0.999), h.Quantile(0.99)), 2 * h.Quantile(0.99))) * 1.1);
    }
}
