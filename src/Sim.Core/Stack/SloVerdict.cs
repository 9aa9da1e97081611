using System.Globalization;
using Sim.Scenarios;

namespace Sim.Stack;

/// <summary>
/// Whether replications of one configuration meet an SLO, judged — as <see cref="CapacitySearch"/> does — on
/// the mean across replications of each replication's latency quantile and error rate. Immutable.
/// </summary>
/// <param name="Slo">The objective judged.</param>
/// <param name="LatencySeconds">Mean across replications of the latency at <see cref="SloSpec.LatencyQuantile"/>, seconds (+∞ when a replication completed nothing).</param>
/// <param name="ErrorRate">Mean error rate, in [0, 1].</param>
/// <param name="Unstable">True when a replication stopped as unstable (then the SLO is violated).</param>
public sealed record SloVerdict(SloSpec Slo, double LatencySeconds, double ErrorRate, bool Unstable)
{
    /// <summary>Latency clauses judged beside <see cref="Slo"/>'s own (e.g. p99 ≤ 2 s beside p95 ≤ 500 ms), in the order given; empty by default.</summary>
    public IReadOnlyList<LatencyObjectiveVerdict> MoreLatency { get; init; } = [];

    /// <summary>True when every latency clause holds (≤ its limit): <see cref="Slo"/>'s and each of <see cref="MoreLatency"/>.</summary>
    public bool LatencyMet => LatencySeconds <= Slo.LatencyLimitSeconds && MoreLatency.All(c => c.Met);

    /// <summary>True when the error clause holds (≤ the maximum).</summary>
    public bool ErrorsMet => ErrorRate <= Slo.MaxErrorRate;

    /// <summary>True when the run was stable and every clause holds.</summary>
    public bool Met => !Unstable && LatencyMet && ErrorsMet;

    /// <summary>Judges <paramref name="runs"/> against <paramref name="slo"/>.</summary>
    /// <param name="slo">The objective.</param>
    /// <param name="runs">At least one replication.</param>
    public static SloVerdict Judge(SloSpec slo, IReadOnlyList<StackReplicationResult> runs) => Judge(slo, runs, []);

    /// <summary>Judges <paramref name="runs"/> against <paramref name="slo"/> and further latency clauses: met only when every clause holds.</summary>
    /// <param name="slo">The objective (its latency clause and error rate).</param>
    /// <param name="runs">At least one replication.</param>
    /// <param name="moreLatency">Latency clauses judged beside the SLO's own; may be empty.</param>
    public static SloVerdict Judge(SloSpec slo, IReadOnlyList<StackReplicationResult> runs, IReadOnlyList<LatencyObjective> moreLatency)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(moreLatency);
        if (runs.Count == 0) throw new ArgumentException("At least one replication is needed.", nameof(runs));
        double errors = 0;
        bool unstable = false;
        foreach (StackReplicationResult r in runs)
        {
            errors += r.ErrorRate / runs.Count;
            unstable |= r.Unstable;
        }
        return new SloVerdict(slo, MeanLatency(runs, slo.LatencyQuantile), errors, unstable)
        {
            MoreLatency = [.. moreLatency.Select(o => new LatencyObjectiveVerdict(o, MeanLatency(runs, o.Quantile)))],
        };
    }

    private static double MeanLatency(IReadOnlyList<StackReplicationResult> runs, double quantile)
    {
        double latency = 0;
        foreach (StackReplicationResult r in runs)
            latency += (r.LatencyHistogram.Count > 0 ? r.LatencyHistogram.Quantile(quantile) : double.PositiveInfinity) / runs.Count;
        return latency;
    }

    /// <summary>
    /// One line: "SLO met: p95 412 ms ≤ 500 ms, errors 0.00 % ≤ 0.10 %", or "SLO violated: …" naming the failed clause(s);
    /// every latency clause in order, the SLO's own first.
    /// </summary>
    public string Describe()
    {
        static string Latency(double quantile, double seconds, double limit)
        {
            bool met = seconds <= limit;
            return string.Create(CultureInfo.InvariantCulture,
                $"{LatencyObjective.QuantileName(quantile)} {seconds * 1000:0.#} ms {(met ? "≤" : ">")} {limit * 1000:0.#} ms{(met ? "" : " (failed)")}");
        }
        var clauses = new List<string> { Latency(Slo.LatencyQuantile, LatencySeconds, Slo.LatencyLimitSeconds) };
        clauses.AddRange(MoreLatency.Select(c => Latency(c.Objective.Quantile, c.LatencySeconds, c.Objective.Limit)));
        clauses.Add(string.Create(CultureInfo.InvariantCulture,
            $"errors {ErrorRate:P2} {(ErrorsMet ? "≤" : ">")} {Slo.MaxErrorRate:P2}{(ErrorsMet ? "" : " (failed)")}"));
        string verdict = Met ? "SLO met" : "SLO violated";
        string all = string.Join(", ", clauses);
        return Unstable ? $"{verdict}: the run was unstable; {all}" : $"{verdict}: {all}";
    }
}
