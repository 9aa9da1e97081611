namespace Sim.Stack;

/// <summary>
/// How <see cref="CapacitySearch"/> looks for the capacity. Immutable; the defaults are the fast search that
/// <c>sim capacity</c> runs. Results do not depend on <see cref="MaxDegreeOfParallelism"/>.
/// </summary>
public sealed record CapacitySearchOptions
{
    /// <summary>Give up above this load (users or requests/s); default 1,000,000; &gt; 0.</summary>
    public double MaxLoad { get; init; } = 1_000_000;

    /// <summary>
    /// True: the exhaustive search — every load tried is simulated with the scenario's full run settings (doubling or
    /// halving from the configured load to a bracket, then bisection). False (default): the fast search — the analytic
    /// estimate gives a first load, short screening runs locate the crossing, and only loads at the boundary are
    /// simulated with the full run settings. Both stop at the same bracket resolution (1 %, or 1 user) and judge the
    /// reported capacity and first violation on full-length runs.
    /// </summary>
    public bool Exhaustive { get; init; }

    /// <summary>
    /// The screening runs' duration and fixed warm-up as a fraction of the scenario's, in (0, 1]; default 1/4 (on the seed stack 1/8 put the
    /// predicted crossing 1–3 % low and cost more full runs than it saved). An
    /// automatic warm-up stays automatic (detected over the shorter run).
    /// </summary>
    public double ScreenDurationFraction { get; init; } = 0.25;

    /// <summary>Replications of a screening run, ≥ 2 and at most the scenario's; default 2.</summary>
    public int ScreenReplications { get; init; } = 2;

    /// <summary>
    /// Threads per load simulated: −1 (default) for all cores. The fast search simulates the two loads either side of its
    /// predicted boundary at the same time, each with this many threads.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>The default options (the fast search).</summary>
    public static CapacitySearchOptions Default { get; } = new();

    internal void ThrowIfInvalid(string paramName)
    {
        if (!(MaxLoad > 0) || double.IsNaN(MaxLoad)) throw new ArgumentOutOfRangeException(paramName, MaxLoad, "MaxLoad must be > 0.");
        if (!(ScreenDurationFraction > 0 && ScreenDurationFraction <= 1))
            throw new ArgumentOutOfRangeException(paramName, ScreenDurationFraction, "ScreenDurationFraction must be in (0, 1].");
        if (ScreenReplications < 2) throw new ArgumentOutOfRangeException(paramName, ScreenReplications, "ScreenReplications must be ≥ 2.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(paramName, MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be −1 or ≥ 1.");
    }
}
