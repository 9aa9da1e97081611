namespace Sim.Stack;

/// <summary>How one latency clause of an SLO fared: the mean across replications of the latency at its quantile. Immutable.</summary>
/// <param name="Objective">The clause judged.</param>
/// <param name="LatencySeconds">Mean across replications of the latency at <see cref="LatencyObjective.Quantile"/>, seconds (+∞ when a replication completed nothing).</param>
public sealed record LatencyObjectiveVerdict(LatencyObjective Objective, double LatencySeconds)
{
    /// <summary>True when the clause holds (latency ≤ the limit).</summary>
    public bool Met => LatencySeconds <= Objective.Limit;
}
