namespace Sim.Scenarios;

/// <summary>
/// A source's own figures for one phase — the capacity planning document the scenario reproduces, a load test, last
/// quarter's production numbers — shown beside the model's so a reader can compare them. Not used by the simulation.
/// JSON <c>reference</c> at the top level (the baseline) or in a phase. Immutable.
/// </summary>
public sealed record PhaseReference
{
    /// <summary>Where the figures come from, e.g. "document". JSON <c>reference.source</c>; default "reference".</summary>
    public string Source { get; init; } = "reference";

    /// <summary>The users the source says the phase holds; null when it gives none. JSON <c>reference.users</c>.</summary>
    public int? Users { get; init; }

    /// <summary>The throughput the source gives for the phase, requests/s; null when it gives none. JSON <c>reference.throughput</c>.</summary>
    public double? ThroughputPerSecond { get; init; }

    /// <summary>The 95th percentile response time the source gives, seconds; null when it gives none. JSON <c>reference.p95</c>.</summary>
    public double? LatencyP95Seconds { get; init; }

    /// <summary>True when the source gives no figure at all.</summary>
    public bool IsEmpty => Users is null && ThroughputPerSecond is null && LatencyP95Seconds is null;
}
