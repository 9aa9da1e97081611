namespace Sim.Experiments;

/// <summary>How <see cref="PhasesStudy.Run"/> runs: immutable; the defaults suit an interactive comparison.</summary>
public sealed record PhasesStudyOptions
{
    /// <summary>
    /// Also search each configuration's capacity under the scenario's SLO, with the quick settings of
    /// <see cref="CapacityStudy.Quick"/> (at most 2 replications × 200 s per load). Default false.
    /// </summary>
    public bool SearchCapacity { get; init; }

    /// <summary>Threads for each configuration's replications, and in all for the capacity searches (run side by side): −1 (default) for all cores, or ≥ 1. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
