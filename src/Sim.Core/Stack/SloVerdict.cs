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
    /// <summary>True when the latency clause holds (≤ the limit).</summary>
    public bool LatencyMet => LatencySeconds <= Slo.LatencyLimit;

    /// <summary>True when the error clause holds (≤ the maximum).</summary>
    public bool ErrorsMet => ErrorRate <= Slo.MaxErrorRate;

    /// <summary>True when the run was stable and both clauses hold.</summary>
    public bool Met => !Unstable && LatencyMet && ErrorsMet;

    /// <summary>Judges <paramref name="runs"/> against <paramref name="slo"/>.</summary>
    /// <param name="slo">The objective.</param>
    /// <param name="runs">At least one replication.</param>
    public static SloVerdict Judge(SloSpec slo, IReadOnlyList<StackReplicationResult> runs)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("At least one replication is needed.", nameof(runs));
        double latency = 0, errors = 0;
        bool unstable = false;
        foreach (StackReplicationResult r in runs)
        {
            latency += (r.LatencyHistogram.Count > 0 ? r.LatencyHistogram.Quantile(slo.LatencyQuantile) : double.PositiveInfinity) / runs.Count;
            errors += r.ErrorRate / runs.Count;
            unstable |= r.Unstable;
        }
        return new SloVerdict(slo, latency, errors, unstable);
    }

    /// <summary>One line: "SLO met: p95 412 ms ≤ 500 ms, errors 0.00 % ≤ 0.10 %", or "SLO violated: …" naming the failed clause(s).</summary>
    public string Describe()
    {
        string q = (Slo.LatencyQuantile * 100).ToString("G4", CultureInfo.InvariantCulture);
        string latency = string.Create(CultureInfo.InvariantCulture,
            $"p{q} {LatencySeconds * 1000:0.#} ms {(LatencyMet ? "≤" : ">")} {Slo.LatencyLimit * 1000:0.#} ms{(LatencyMet ? "" : " (failed)")}");
        string errors = string.Create(CultureInfo.InvariantCulture,
            $"errors {ErrorRate:P2} {(ErrorsMet ? "≤" : ">")} {Slo.MaxErrorRate:P2}{(ErrorsMet ? "" : " (failed)")}");
        string verdict = Met ? "SLO met" : "SLO violated";
        return Unstable ? $"{verdict}: the run was unstable; {latency}, {errors}" : $"{verdict}: {latency}, {errors}";
    }
}
