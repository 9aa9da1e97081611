namespace Sim.Charts;

/// <summary>The latency axis of a response-time distribution chart.</summary>
public enum LatencyAxis
{
    /// <summary>Log when the tail is long (p99.9 more than twice p99), linear otherwise.</summary>
    Auto,

    /// <summary>Linear from 0; a long tail beyond the axis is counted in the legend.</summary>
    Linear,

    /// <summary>Log from the 0.1th percentile to the largest latency.</summary>
    Log,
}
