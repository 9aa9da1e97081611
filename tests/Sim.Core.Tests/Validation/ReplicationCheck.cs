using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Validation;

/// <summary>
/// The validation method of STYLE.md, for one test: R independent replications give R observations of
/// a metric (one replication mean each); a Student-t interval at the per-check level
/// <see cref="Level"/> = Bonferroni(<see cref="FamilyLevel"/>, k) must contain the analytic value
/// <b>and</b> have a relative half-width at most the precision the test states, so that a run too short
/// to mean anything cannot pass.
/// </summary>
/// <remarks>
/// Every check is written to the test output (analytic value, mean, half-width, R, level) whether it
/// passes or not, and failures are collected so one run shows every metric; <see cref="AssertAll"/>
/// then fails the test if any check failed, or if the number of interval checks made differs from the
/// k the Bonferroni level was computed for (a forgotten or extra check would silently change the
/// family level).
/// </remarks>
internal sealed class ReplicationCheck
{
    private readonly ITestOutputHelper _output;
    private readonly List<string> _failures = [];
    private int _intervalChecks;

    /// <param name="output">Test output.</param>
    /// <param name="checks">k, the number of interval checks the test makes.</param>
    /// <param name="familyLevel">Joint level of the k intervals, e.g. 0.99.</param>
    public ReplicationCheck(ITestOutputHelper output, int checks, double familyLevel)
    {
        _output = output;
        Checks = checks;
        FamilyLevel = familyLevel;
        Level = Bonferroni.Level(familyLevel, checks);
        output.WriteLine($"family level {familyLevel:G4}, {checks} interval check(s), per-check level {Level:G4}");
    }

    /// <summary>k, interval checks declared.</summary>
    public int Checks { get; }

    /// <summary>Joint confidence level of the test's intervals.</summary>
    public double FamilyLevel { get; }

    /// <summary>Per-check confidence level, 1 − (1 − family)/k.</summary>
    public double Level { get; }

    /// <summary>
    /// The interval of <paramref name="perReplication"/> must contain <paramref name="analytic"/> and be
    /// no wider than <paramref name="maxRelativeHalfWidth"/> × |mean| on each side.
    /// </summary>
    public ConfidenceInterval Interval(string metric, double analytic, IReadOnlyList<double> perReplication, double maxRelativeHalfWidth)
    {
        _intervalChecks++;
        ConfidenceInterval ci = ConfidenceInterval.FromSamples(perReplication.ToArray(), Level);
        double error = (ci.Mean - analytic) / analytic;
        string line = $"{metric}: analytic {analytic:G6}, simulated {ci.Mean:G6} ± {ci.HalfWidth:G4} " +
                      $"[{ci.Lower:G6}, {ci.Upper:G6}], rel. half-width {ci.RelativeHalfWidth:P2} (limit {maxRelativeHalfWidth:P1}), " +
                      $"rel. error {error:+0.00%;-0.00%}, R = {ci.Count}, level {Level:G4}, " +
                      $"per-replication rel. sd {RelativeStdDev(perReplication):P2}";
        _output.WriteLine(line);
        if (!ci.Contains(analytic)) _failures.Add("analytic value outside the interval — " + line);
        if (!(ci.RelativeHalfWidth <= maxRelativeHalfWidth)) _failures.Add("interval too wide to mean anything — " + line);
        return ci;
    }

    /// <summary>
    /// A percentile read from a <see cref="LatencyHistogram"/> in every replication: the histogram returns a bucket's
    /// representative, within relative accuracy α of the replication's exact order statistic, and replications whose
    /// order statistics fall in the same bucket all err alike, so averaging does not remove it. The interval is
    /// therefore the t-interval widened by α/(1 − α)·|mean| (|x̄ − x̄_exact| ≤ α·x̄_exact ≤ α/(1 − α)·x̄), as
    /// <see cref="Sim.Stack.StackSummary"/> widens its percentile intervals by the resolution; it must contain
    /// <paramref name="analytic"/>, and its whole relative half-width — the resolution included — must be at most
    /// <paramref name="maxRelativeHalfWidth"/>.
    /// </summary>
    public ConfidenceInterval QuantileInterval(string metric, double analytic, IReadOnlyList<double> perReplication,
        double relativeResolution, double maxRelativeHalfWidth)
    {
        _intervalChecks++;
        ConfidenceInterval raw = ConfidenceInterval.FromSamples(perReplication.ToArray(), Level);
        ConfidenceInterval ci = raw.WidenedBy(relativeResolution / (1 - relativeResolution) * Math.Abs(raw.Mean));
        double error = (ci.Mean - analytic) / analytic;
        string line = $"{metric}: analytic {analytic:G6}, simulated {ci.Mean:G6} ± {ci.HalfWidth:G4} " +
                      $"[{ci.Lower:G6}, {ci.Upper:G6}], rel. half-width {ci.RelativeHalfWidth:P2} = {raw.RelativeHalfWidth:P2} statistical " +
                      $"+ {relativeResolution / (1 - relativeResolution):P2} resolution (limit {maxRelativeHalfWidth:P1}), " +
                      $"rel. error {error:+0.00%;-0.00%}, R = {ci.Count}, level {Level:G4}, per-replication rel. sd {RelativeStdDev(perReplication):P2}";
        _output.WriteLine(line);
        if (!ci.Contains(analytic)) _failures.Add("analytic value outside the interval — " + line);
        if (!(ci.RelativeHalfWidth <= maxRelativeHalfWidth)) _failures.Add("interval too wide to mean anything — " + line);
        return ci;
    }

    /// <summary>
    /// Checks a run plan against the precision wanted: with K (√s) the relative standard deviation of one replication's
    /// estimate times √(window), R replications of <paramref name="windowSeconds"/> give a statistical relative
    /// half-width t_{R−1}·K/√(R·T); it must be at most ¾ of what the limit leaves after the histogram's resolution
    /// (0 for means), so that a replication count or window shortened by a later edit fails here, not by chance.
    /// </summary>
    public void Plan(string metric, double k, int replications, double windowSeconds, double maxRelativeHalfWidth, double relativeResolution = 0)
    {
        double planned = PlannedRelativeHalfWidth(k / Math.Sqrt(windowSeconds), replications, Level);
        double budget = 0.75 * (maxRelativeHalfWidth - relativeResolution / (1 - relativeResolution));
        Condition($"{metric}: plan", planned <= budget,
            $"K = {k:G3} √s, R = {replications}, T = {windowSeconds:G4} s: planned statistical half-width {planned:P2} (≤ ¾ of the {budget / 0.75:P2} the limit leaves)");
    }

    private static double RelativeStdDev(IReadOnlyList<double> values)
    {
        var tally = new Tally();
        foreach (double v in values) tally.Add(v);
        return tally.StandardDeviation / Math.Abs(tally.Mean);
    }

    /// <summary>A deterministic condition (e.g. Little's law within its end-effect bound), reported like an interval check but not counted in k.</summary>
    public void Condition(string name, bool holds, string detail)
    {
        string line = $"{name}: {detail}";
        _output.WriteLine(line);
        if (!holds) _failures.Add(line);
    }

    /// <summary>Writes an informational line (a planned half-width, a run length).</summary>
    public void Note(string line) => _output.WriteLine(line);

    /// <summary>Fails the test when any check failed or when the number of interval checks differs from k.</summary>
    public void AssertAll()
    {
        Assert.True(_intervalChecks == Checks, $"{_intervalChecks} interval checks made, but the Bonferroni level assumed {Checks}.");
        Assert.True(_failures.Count == 0, string.Join(Environment.NewLine, _failures));
    }

    /// <summary>
    /// The relative half-width expected from R replications whose means have relative standard
    /// deviation <paramref name="relativeStdDevPerReplication"/>: t_{R−1, level}·s/√R. Used to derive R
    /// and the window from the precision wanted.
    /// </summary>
    public static double PlannedRelativeHalfWidth(double relativeStdDevPerReplication, int replications, double level)
        => ConfidenceInterval.StudentTQuantile(level, replications - 1) * relativeStdDevPerReplication / Math.Sqrt(replications);
}
