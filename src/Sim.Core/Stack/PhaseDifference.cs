using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// The change of one metric from one configuration to the next (after − before), with two 95 %
/// intervals: paired by replication — replication r of both shares its random numbers (common random
/// numbers) — and, for comparison, unpaired (Welch). The paired interval is the one to report; it is
/// narrower whenever the shared randomness makes the two runs move together.
/// </summary>
/// <param name="Metric">The metric's stable name.</param>
/// <param name="Difference">Mean of after − before across replications.</param>
/// <param name="PairedCi95">Half-width of the paired Student-t interval, plus the metric's resolution on both sides (<see cref="StackMetric.RelativeResolution"/>).</param>
/// <param name="UnpairedCi95">Half-width of Welch's unpaired interval, plus the same resolution term.</param>
/// <param name="Replications">Pairs used (replications where both values exist).</param>
public sealed record PhaseDifference(string Metric, double Difference, double PairedCi95, double UnpairedCi95, int Replications)
{
    /// <summary>Compares replication-matched runs of two configurations of the same scenario seed.</summary>
    /// <param name="before">The earlier configuration's replications.</param>
    /// <param name="after">The later one's, same count and order.</param>
    /// <param name="metric">Which metric.</param>
    public static PhaseDifference Compare(IReadOnlyList<StackReplicationResult> before, IReadOnlyList<StackReplicationResult> after, StackMetric metric)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(metric);
        if (before.Count != after.Count) throw new ArgumentException($"Paired runs need equal replication counts ({before.Count} vs {after.Count}).", nameof(after));
        var a = new List<double>(before.Count);
        var b = new List<double>(before.Count);
        for (int i = 0; i < before.Count; i++)
        {
            double x = metric.Value(before[i]), y = metric.Value(after[i]);
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            a.Add(x);
            b.Add(y);
        }
        int n = a.Count;
        if (n == 0) return new PhaseDifference(metric.Name, double.NaN, double.NaN, double.NaN, 0);
        ConfidenceInterval paired = ConfidenceInterval.PairedDifference(b.ToArray(), a.ToArray());
        // Each side may be off by its resolution in every replication alike (histogram quantiles); pairing cannot remove that.
        double bias = metric.RelativeResolution * (Math.Abs(a.Average()) + Math.Abs(b.Average()));
        double welch = Welch(a, b);
        return new PhaseDifference(metric.Name, paired.Mean, paired.WidenedBy(bias).HalfWidth, n >= 2 ? welch + bias : welch, n);
    }

    private static double Welch(List<double> a, List<double> b)
    {
        int n = a.Count;
        if (n < 2) return 0;
        Tally ta = default, tb = default;
        foreach (double x in a) ta.Add(x);
        foreach (double y in b) tb.Add(y);
        double va = ta.Variance / n, vb = tb.Variance / n;
        double se2 = va + vb;
        if (se2 <= 0) return 0;
        double df = se2 * se2 / (va * va / (n - 1) + vb * vb / (n - 1));
        int dof = Math.Max(1, (int)Math.Floor(df));
        return ConfidenceInterval.StudentTQuantile(0.95, dof) * Math.Sqrt(se2);
    }
}
