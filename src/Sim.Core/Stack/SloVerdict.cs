using System.Globalization;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// Whether replications of one configuration meet an SLO, judged — as <see cref="CapacitySearch"/> does — on
/// the mean across replications of each replication's latency quantile and error rate, clause by clause (the overall
/// latency, further latency quantiles, each request class's latency, the error rate). Immutable.
/// </summary>
/// <param name="Slo">The objective judged.</param>
/// <param name="LatencySeconds">Mean across replications of the latency at <see cref="SloSpec.LatencyQuantile"/>, seconds (+∞ when a replication completed nothing),
/// over the classes not in <see cref="SloSpec.ExcludeClasses"/>.</param>
/// <param name="ErrorRate">Mean error rate, in [0, 1].</param>
/// <param name="Unstable">True when a replication stopped as unstable (then the SLO is violated).</param>
public sealed record SloVerdict(SloSpec Slo, double LatencySeconds, double ErrorRate, bool Unstable)
{
    /// <summary>Latency clauses judged beside <see cref="Slo"/>'s own (e.g. p99 ≤ 2 s beside p95 ≤ 500 ms), in the order given; empty by default.</summary>
    public IReadOnlyList<LatencyObjectiveVerdict> MoreLatency { get; init; } = [];

    /// <summary>The per-class latency clauses (<see cref="SloSpec.Classes"/>), in the SLO's order; empty when it has none.</summary>
    public IReadOnlyList<SloClauseVerdict> ClassLatency { get; init; } = [];

    /// <summary>95 % half-width of <see cref="LatencySeconds"/> across replications (widened by the histogram's resolution), seconds; NaN when not measured (one replication, or built by hand).</summary>
    public double LatencyCi95Seconds { get; init; } = double.NaN;

    /// <summary>95 % half-width of <see cref="ErrorRate"/> across replications; NaN when not measured.</summary>
    public double ErrorRateCi95 { get; init; } = double.NaN;

    /// <summary>True when every latency clause holds (≤ its limit): <see cref="Slo"/>'s, each of <see cref="MoreLatency"/> and each of <see cref="ClassLatency"/>.</summary>
    public bool LatencyMet => LatencySeconds <= Slo.LatencyLimitSeconds && MoreLatency.All(c => c.Met) && ClassLatency.All(c => c.Met);

    /// <summary>True when the error clause holds (≤ the maximum).</summary>
    public bool ErrorsMet => ErrorRate <= Slo.MaxErrorRate;

    /// <summary>True when the run was stable and every clause holds.</summary>
    public bool Met => !Unstable && LatencyMet && ErrorsMet;

    /// <summary>Every clause with its measured value and limit: the overall latency, <see cref="MoreLatency"/>, <see cref="ClassLatency"/>, then the error rate.</summary>
    public IReadOnlyList<SloClauseVerdict> Clauses
    {
        get
        {
            var all = new List<SloClauseVerdict>
            {
                new(LatencyObjective.QuantileName(Slo.LatencyQuantile), null, Slo.LatencyQuantile, LatencySeconds, LatencyCi95Seconds, Slo.LatencyLimitSeconds),
            };
            all.AddRange(MoreLatency.Select(c => new SloClauseVerdict(c.Objective.Name, null, c.Objective.Quantile, c.LatencySeconds, double.NaN, c.Objective.Limit)));
            all.AddRange(ClassLatency);
            all.Add(new SloClauseVerdict("errors", null, double.NaN, ErrorRate, ErrorRateCi95, Slo.MaxErrorRate));
            return all;
        }
    }

    /// <summary>The clause closest to (or furthest past) its limit — the largest <see cref="SloClauseVerdict.Ratio"/>, the first on a tie: the one that decides the verdict.</summary>
    public SloClauseVerdict Binding => MostBinding(Clauses);

    /// <summary>Judges <paramref name="runs"/> against <paramref name="slo"/>.</summary>
    /// <param name="slo">The objective.</param>
    /// <param name="runs">At least one replication.</param>
    public static SloVerdict Judge(SloSpec slo, IReadOnlyList<StackReplicationResult> runs) => Judge(slo, runs, []);

    /// <summary>Judges <paramref name="runs"/> against <paramref name="slo"/> and further latency clauses: met only when every clause holds.</summary>
    /// <param name="slo">The objective (its latency clause, its per-class clauses and error rate).</param>
    /// <param name="runs">At least one replication, of a scenario that has every class the SLO names.</param>
    /// <param name="moreLatency">Latency clauses judged beside the SLO's own (on the same classes); may be empty.</param>
    /// <exception cref="ArgumentException">A class the SLO names is not in the runs.</exception>
    public static SloVerdict Judge(SloSpec slo, IReadOnlyList<StackReplicationResult> runs, IReadOnlyList<LatencyObjective> moreLatency)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(moreLatency);
        if (runs.Count == 0) throw new ArgumentException("At least one replication is needed.", nameof(runs));
        double errors = 0;
        bool unstable = false;
        var errorSamples = new double[runs.Count];
        for (int i = 0; i < runs.Count; i++)
        {
            StackReplicationResult r = runs[i];
            errors += r.ErrorRate / runs.Count;
            errorSamples[i] = r.ErrorRate;
            unstable |= r.Unstable;
        }
        double[] overall = Samples(runs, r => OverallQuantile(slo, r, slo.LatencyQuantile));
        return new SloVerdict(slo, MeanLatency(overall), errors, unstable)
        {
            MoreLatency = [.. moreLatency.Select(o => new LatencyObjectiveVerdict(o, MeanLatency(Samples(runs, r => OverallQuantile(slo, r, o.Quantile)))))],
            ClassLatency = [.. slo.Classes.Select(c => ClassClause(c, runs))],
            LatencyCi95Seconds = Interval(overall, runs[0].LatencyHistogram.RelativeAccuracy).HalfWidth,
            ErrorRateCi95 = runs.Count >= 2 ? ConfidenceInterval.FromSamples(errorSamples).HalfWidth : double.NaN,
        };
    }

    /// <summary>The clause with the largest ratio to its limit, the first on a tie (a NaN ratio never binds over a number).</summary>
    internal static SloClauseVerdict MostBinding(IReadOnlyList<SloClauseVerdict> clauses)
    {
        SloClauseVerdict best = clauses[0];
        foreach (SloClauseVerdict c in clauses)
            if (c.Ratio > best.Ratio || (double.IsNaN(best.Ratio) && !double.IsNaN(c.Ratio))) best = c;
        return best;
    }

    /// <summary>A class clause judged on <paramref name="runs"/>: the class's quantile per replication, its mean and 95 % half-width.</summary>
    internal static SloClauseVerdict ClassClause(ClassSloSpec c, IReadOnlyList<StackReplicationResult> runs)
    {
        double[] samples = Samples(runs, r => ClassQuantile(r, c.Class, c.LatencyQuantile));
        ConfidenceInterval ci = Interval(samples, runs[0].LatencyHistogram.RelativeAccuracy);
        return new SloClauseVerdict($"{c.Class} {LatencyObjective.QuantileName(c.LatencyQuantile)}", c.Class, c.LatencyQuantile, ci.Mean, ci.HalfWidth, c.LatencyLimitSeconds);
    }

    /// <summary>
    /// One replication's latency at <paramref name="quantile"/> for the overall objective: from its whole histogram, or — when
    /// the SLO excludes classes — from the merged histograms of the classes it keeps; +∞ when nothing completed.
    /// </summary>
    internal static double OverallQuantile(SloSpec slo, StackReplicationResult r, double quantile)
    {
        IReadOnlyLatencyHistogram h = r.LatencyHistogram;
        if (slo.ExcludeClasses.Count > 0)
        {
            var kept = new LatencyHistogram(h.RelativeAccuracy);
            foreach (StackClassResult c in r.Classes)
                if (!slo.ExcludeClasses.Contains(c.Name)) kept.Merge(c.LatencyHistogram);
            h = new ReadOnlyLatencyHistogram(kept);
        }
        return h.Count > 0 ? h.Quantile(quantile) : double.PositiveInfinity;
    }

    /// <summary>One replication's latency of class <paramref name="name"/> at <paramref name="quantile"/>; +∞ when the class completed nothing.</summary>
    internal static double ClassQuantile(StackReplicationResult r, string name, double quantile)
    {
        foreach (StackClassResult c in r.Classes)
            if (c.Name == name) return c.LatencyHistogram.Count > 0 ? c.LatencyHistogram.Quantile(quantile) : double.PositiveInfinity;
        throw new ArgumentException($"The SLO names request class '{name}', which the results do not have.", nameof(r));
    }

    /// <summary>
    /// The 95 % interval of per-replication quantiles, widened by the histogram's resolution as <see cref="StackSummary"/>'s
    /// percentiles are; +∞ with half-width 0 when a replication completed nothing.
    /// </summary>
    internal static ConfidenceInterval Interval(double[] samples, double relativeAccuracy)
    {
        if (!samples.All(double.IsFinite)) return new ConfidenceInterval(double.PositiveInfinity, 0, samples.Length, 0.95);
        ConfidenceInterval ci = ConfidenceInterval.FromSamples(samples);
        return ci.WidenedBy(relativeAccuracy * Math.Abs(ci.Mean));
    }

    private static double[] Samples(IReadOnlyList<StackReplicationResult> runs, Func<StackReplicationResult, double> of)
    {
        var samples = new double[runs.Count];
        for (int i = 0; i < samples.Length; i++) samples[i] = of(runs[i]);
        return samples;
    }

    private static double MeanLatency(double[] samples)
    {
        double latency = 0;
        foreach (double x in samples) latency += x / samples.Length;
        return latency;
    }

    /// <summary>
    /// One line: "SLO met: p95 412 ms ≤ 500 ms, errors 0.00 % ≤ 0.10 %", or "SLO violated: …" naming the failed clause(s);
    /// every latency clause in order (the SLO's own first, then further quantiles, then per class, e.g. "page p95 380 ms ≤ 500 ms"),
    /// and — when the SLO has per-class clauses — which one binds.
    /// </summary>
    public string Describe()
    {
        var clauses = Clauses.Select(DescribeClause).ToList();
        string verdict = Met ? "SLO met" : "SLO violated";
        string all = string.Join(", ", clauses);
        if (ClassLatency.Count > 0) all += $"; binding: {Binding.Name}";
        return Unstable ? $"{verdict}: the run was unstable; {all}" : $"{verdict}: {all}";
    }

    /// <summary>One clause as text: "page p95 412 ms ≤ 500 ms", "errors 0.00 % ≤ 0.10 %", with "(failed)" when it does not hold.</summary>
    /// <param name="clause">The clause.</param>
    public static string DescribeClause(SloClauseVerdict clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        bool met = clause.Met;
        return clause.IsErrorRate
            ? string.Create(CultureInfo.InvariantCulture, $"{clause.Name} {clause.Measured:P2} {(met ? "≤" : ">")} {clause.Limit:P2}{(met ? "" : " (failed)")}")
            : string.Create(CultureInfo.InvariantCulture, $"{clause.Name} {clause.Measured * 1000:0.#} ms {(met ? "≤" : ">")} {clause.Limit * 1000:0.#} ms{(met ? "" : " (failed)")}");
    }
}
