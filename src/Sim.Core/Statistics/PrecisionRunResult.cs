namespace Sim.Statistics;

/// <summary>The outcome of <see cref="PrecisionRun.Run{T}"/>. Immutable.</summary>
/// <typeparam name="T">A replication's result.</typeparam>
/// <param name="Results">Every replication run, in replication order; its length is the number used.</param>
/// <param name="Target">The relative half-width asked for.</param>
/// <param name="TargetMet">True when every metric reached it; false when the maximum (or a cancellation) stopped the run first.</param>
/// <param name="RelativeHalfWidths">Each metric's final relative half-width, in the order the metrics were given (+∞ without an interval).</param>
public sealed record PrecisionRunResult<T>(T[] Results, double Target, bool TargetMet, IReadOnlyList<double> RelativeHalfWidths)
{
    /// <summary>Replications used.</summary>
    public int Replications => Results.Length;

    /// <summary>
    /// True when cancellation stopped the run (<see cref="PrecisionRun.RunKeepingFinished{T}"/>): <see cref="Results"/> holds
    /// the replications that had finished, in replication order (the last batch's may have gaps), and <see cref="TargetMet"/>
    /// and <see cref="RelativeHalfWidths"/> are over them. False otherwise (default).
    /// </summary>
    public bool Cancelled { get; init; }
}
