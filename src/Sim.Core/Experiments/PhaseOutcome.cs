using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Experiments;

/// <summary>One configuration of a <see cref="PhasesStudy"/>: its replications, their summary, the paired change from the configuration before it and, when searched, its capacity. Immutable.</summary>
public sealed class PhaseOutcome
{
    internal PhaseOutcome(ScenarioPhase phase, StackReplicationResult[] replications, StackSummary summary, IReadOnlyList<PhaseDifference> differences)
    {
        Phase = phase;
        Replications = replications;
        Summary = summary;
        Differences = differences;
    }

    /// <summary>The configuration (the baseline or a cumulative phase).</summary>
    public ScenarioPhase Phase { get; }

    /// <summary>Its name: <c>baseline</c> or the phase's name.</summary>
    public string Name => Phase.Name;

    /// <summary>Every replication, in replication order.</summary>
    public IReadOnlyList<StackReplicationResult> Replications { get; }

    /// <summary>The replications summarised (mean ± 95 % half-width of every metric).</summary>
    public StackSummary Summary { get; }

    /// <summary>
    /// The change of every metric of <see cref="StackMetrics.All"/> (in that order) from the configuration before it, paired by
    /// replication (common random numbers); empty for the first configuration, or when the two ran different replication counts.
    /// </summary>
    public IReadOnlyList<PhaseDifference> Differences { get; }

    /// <summary>The change of the metrics shown in comparisons (<see cref="StackMetrics.Compared"/>), in that order; empty as <see cref="Differences"/> is.</summary>
    public IReadOnlyList<PhaseDifference> ComparedDifferences =>
        Differences.Count == 0 ? [] : [.. StackMetrics.Compared.Select(m => Difference(m.Name)!)];

    /// <summary>The change of the metric named <paramref name="metric"/> from the configuration before, or null when there is none (first configuration).</summary>
    /// <param name="metric">A name of <see cref="StackMetrics.All"/>, e.g. <c>latencyMs.p95</c>.</param>
    /// <exception cref="KeyNotFoundException">No such metric (the message lists the valid names).</exception>
    public PhaseDifference? Difference(string metric)
    {
        StackMetric m = StackMetrics.Get(metric);
        return Differences.FirstOrDefault(d => d.Metric == m.Name);
    }

    /// <summary>The largest load meeting the SLO, when <see cref="PhasesStudyOptions.SearchCapacity"/> asked for it and the search finished; else null.</summary>
    public CapacityResult? Capacity { get; internal set; }
}
