namespace Sim.Stack;

/// <summary>
/// The analytic estimate of one stack configuration (<see cref="StackAnalytic.Estimate"/>): mean
/// throughput and latency, station utilizations and the bottleneck, from queueing formulas instead of
/// simulation. Rates per second, times in seconds. Immutable.
/// </summary>
/// <param name="Method">How it was computed: "closed: MVA" (with surrogate delays for CPU and DB contention), "open: M/G/c" (Erlang C with the Allen–Cunneen correction), "open: M/M/c/K" (finite backlog), or "open: unstable"; with several populations also "closed: multi-class MVA", "mixed: multi-class MVA" (open and closed populations) or "mixed: unstable".</param>
/// <param name="ThroughputPerSecond">Successful requests per second.</param>
/// <param name="LatencyMeanSeconds">Mean latency of a request, seconds; +∞ when unstable.</param>
/// <param name="ErrorRate">Estimated fraction of requests refused by a full backlog (M/M/c/K); 0 otherwise.</param>
/// <param name="WorkerUtilization">Mean busy fraction of the gunicorn workers, in [0, 1].</param>
/// <param name="CpuUtilization">Web hosts' mean core utilization, in [0, 1].</param>
/// <param name="DbCpuUtilization">Primary database's core utilization, in [0, 1].</param>
/// <param name="Bottleneck">The busiest station: "gunicorn workers", "web CPU" or "database CPU" (the simulation's names).</param>
/// <param name="ThroughputUpperBound">Operational bound: min(N/(D + Z), c_k/D_k over stations) for a closed load; min(offered, c_k/D_k) for an open one.</param>
/// <param name="CapacityPerSecond">min_k c_k/D_k: the throughput at which the first station saturates.</param>
/// <param name="Unstable">True for an open load above <see cref="CapacityPerSecond"/> with an unbounded backlog.</param>
/// <param name="Demands">The per-request demands the estimate was built from.</param>
/// <param name="Notes">What this scenario has that the formulas ignore or approximate (one sentence each).</param>
public sealed record StackEstimate(
    string Method,
    double ThroughputPerSecond,
    double LatencyMeanSeconds,
    double ErrorRate,
    double WorkerUtilization,
    double CpuUtilization,
    double DbCpuUtilization,
    string Bottleneck,
    double ThroughputUpperBound,
    double CapacityPerSecond,
    bool Unstable,
    StackDemands Demands,
    IReadOnlyList<string> Notes)
{
    /// <summary>
    /// An open load's highest arrival rate, requests/s (its constant rate, or a profile's peak); NaN for a closed load.
    /// The estimate itself is for a profile's time average over the window: when only this peak exceeds
    /// <see cref="CapacityPerSecond"/>, the load overflows for a while and recovers, and <see cref="Unstable"/> is false.
    /// </summary>
    public double PeakRatePerSecond { get; init; } = double.NaN;

    /// <summary>
    /// Per population, in the scenario's order, for a scenario with <see cref="Sim.Scenarios.LoadSpec.Populations"/>: each
    /// population's throughput and mean latency (the totals above are their sum and throughput-weighted mean). Empty without
    /// populations.
    /// </summary>
    public IReadOnlyList<StackPopulationEstimate> Populations { get; init; } = [];
}
