namespace Sim.Experiments;

/// <summary>How <see cref="SensitivityStudy.Plan"/> chooses the configuration and the parameters, and how the study runs. Immutable.</summary>
public sealed record SensitivityOptions
{
    /// <summary>Replications per configuration when <see cref="Replications"/> is null (or fewer when the scenario has fewer): 4.</summary>
    public const int DefaultReplications = 4;

    /// <summary>Observed seconds per replication when <see cref="DurationSeconds"/> is null (or less when the scenario's run is shorter): 200.</summary>
    public const double DefaultDurationSeconds = 200;

    /// <summary>The relative change when none is given: 0.2 (±20 %).</summary>
    public const double DefaultDelta = 0.2;

    /// <summary><c>path=value</c> overrides applied before the phases, as <c>--set</c> takes them. Default none.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>The configuration studied: <c>baseline</c> (default) or a phase's name (the baseline with the phases up to it applied).</summary>
    public string Phase { get; init; } = "baseline";

    /// <summary>The dotted paths to vary (as for <c>--set</c>); empty (default) for every numeric parameter the configuration sets.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>The relative change either side, in (0, 1): low = base × (1 − delta), high = base × (1 + delta). Default <see cref="DefaultDelta"/>.</summary>
    public double Delta { get; init; } = DefaultDelta;

    /// <summary>Replications per configuration, ≥ 2 (a paired interval needs two); null (default): the scenario's, at most <see cref="DefaultReplications"/>.</summary>
    public int? Replications { get; init; }

    /// <summary>Observed seconds per replication, &gt; 0; null (default): the scenario's, at most <see cref="DefaultDurationSeconds"/>. The warm-up stays the scenario's.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Also search the capacity under the SLO of the base and of every low and high configuration (the quick search of <see cref="CapacityStudy.Quick"/>; slow). Default false.</summary>
    public bool SearchCapacity { get; init; }

    /// <summary>Threads for each configuration's replications: −1 (default) for all cores, or ≥ 1. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
