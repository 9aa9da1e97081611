using Sim.Analytic;
using Sim.Core.Tests.Readme;
using Sim.Core.Tests.Validation;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Each shipped textbook scenario, loaded from its JSON file and run through the full stack model, agrees with its
/// closed form by the method of <see cref="ReplicationCheck"/>: a Student-t interval at family level 0.99 (Bonferroni
/// over the checks of each test) must contain the analytic value and be narrower than the stated precision.
/// </summary>
/// <remarks>
/// <para>The means are checked on the scenarios as shipped (their own replications, warm-up and duration); the limits
/// are about twice the half-widths measured (docs/validation.md), so a run cut to a quarter of its length fails.</para>
/// <para><b>Percentiles</b> — the numbers the product is read for — are checked at ρ = 0.9 (mm1.json and md1.json
/// overridden to 9 req/s; mmc.json is at 0.9 as shipped), p50, p90, p95 and p99 of the latency, as
/// <see cref="StackSummary"/> reports them (the same per-replication values, widened by the histogram's resolution
/// <see cref="StackMetric.RelativeResolution"/>): limits 2 % for p50–p95 and 3 % for p99, resolution included, with R
/// and the window derived from K as in <see cref="QueueingTheoryTests"/>. At ρ = 0.9 and windows of 10⁵ s, the
/// requests still in flight at a window's end (≈ L = 9 of a million) move no percentile by more than 10⁻⁴ relative,
/// so these checks hold whether or not such requests are followed to their end.</para>
/// </remarks>
[Trait("Category", "Slow")]
public class TextbookScenarioTests(ITestOutputHelper output)
{
    private const double FamilyLevel = 0.99;

    private static StackScenario Load(string file, params string[] overrides)
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "textbook", file);
        ScenarioLoadResult result = ScenarioLoader.LoadFile(path, overrides);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Baseline;
    }

    private StackReplicationResult[] Run(string file, out StackScenario scenario, params string[] overrides)
    {
        scenario = Load(file, overrides);
        return StackExperiment.Run(scenario);
    }

    [Fact]
    public void MM1Scenario()
    {
        var runs = Run("mm1.json", out var s);
        Assert.Equal(1, s.Workers.Count);
        MMcResult theory = MM1.Compute(8, 10);
        var check = new ReplicationCheck(output, checks: 2, FamilyLevel);
        check.Interval("mm1.json W", theory.W, runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.05);
        check.Interval("mm1.json L", theory.L, runs.Select(r => r.InSystemMean).ToList(), 0.05);
        check.AssertAll();
    }

    [Fact]
    public void MMcScenario()
    {
        var runs = Run("mmc.json", out var s);
        Assert.Equal(8, s.Workers.Count);
        MMcResult theory = MMc.Compute(72, 10, 8);
        var check = new ReplicationCheck(output, checks: 3, FamilyLevel);
        check.Interval("mmc.json W", theory.W, runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.015);
        check.Interval("mmc.json Wq", theory.Wq, runs.Select(r => r.Breakdown[(int)BreakdownCategory.WorkerQueue].TotalSeconds).ToList(), 0.03);
        check.Interval("mmc.json utilization", theory.Utilization, runs.Select(r => r.WorkerUtilization).ToList(), 0.003);
        check.AssertAll();
    }

    [Fact]
    public void MD1Scenario()
    {
        var runs = Run("md1.json", out _);
        MG1Result theory = MD1.Compute(8, 0.1);
        var check = new ReplicationCheck(output, checks: 1, FamilyLevel);
        check.Interval("md1.json W", theory.W, runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.02);
        check.AssertAll();
    }

    [Fact]
    public void MG1LogNormal()
    {
        var runs = Run("mg1-lognormal.json", out _);
        MG1Result theory = MG1.Compute(8, 0.1, 0.2 * 0.2);
        var check = new ReplicationCheck(output, checks: 1, FamilyLevel);
        // Heavy-tailed service: the replications' own spread is noisy (measured 2.5 %), hence twice that.
        check.Interval("mg1-lognormal.json W", theory.W, runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.05);
        check.AssertAll();
    }

    [Fact]
    public void ErlangBLoss()
    {
        var runs = Run("mmcc-erlang-b.json", out var s);
        Assert.Equal(0, s.Workers.Backlog);
        double theory = ErlangB.Blocking(6, 8);
        var check = new ReplicationCheck(output, checks: 1, FamilyLevel);
        check.Interval("mmcc-erlang-b.json blocking", theory, runs.Select(r => r.ErrorRate).ToList(), 0.01);
        check.AssertAll();
        Assert.All(runs, r => Assert.Equal(r.Failed, r.ErrorsByKind[(int)ErrorKind.BacklogFull]));
    }

    [Fact]
    public void ClosedInteractive()
    {
        var runs = Run("closed-interactive.json", out var s);
        Assert.Equal(20, s.Load.Closed!.Users);
        MvaResult mva = Mva.Compute(20, 1.0, [new MvaStation(0.1, 1)]);
        var check = new ReplicationCheck(output, checks: 2, FamilyLevel);
        check.Interval("closed-interactive.json X", mva.Throughput(20), runs.Select(r => r.ThroughputPerSecond).ToList(), 0.007);
        check.Interval("closed-interactive.json R", mva.ResponseTime(20), runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.015);
        check.AssertAll();
    }

    [Fact]
    public void MM1Scenario_AtRho09_LatencyPercentiles_AgreeWithTheExponential()
    {
        // mm1.json at 9 req/s (ρ = 0.9, μ = 10/s): the latency is Exp(1/s), p-quantile −ln(1 − p) s: p50 0.693 s, p90 2.303 s,
        // p95 2.996 s, p99 4.605 s. Warm-up: τ = 1/(μ(1 − √ρ)²) = 38 s; 1,000 s ≈ 26τ.
        // K (√s), pilot 8 × 20,000 s / pilot 24 × 50,000 s (seed 99,999) / run 1 (40 × 170,000 s): p50 4.59 / 5.21 / 5.48,
        // p90 6.63 / 6.61 / 5.73, p95 6.76 / 8.08 / 7.25, p99 13.85 / 13.45 / 11.3. Largest: 5.48, 6.63, 8.08, 13.85.
        // With t_{39, 0.99875} = 3.25, p95 needs
        // R·T ≥ (3.25·8.08/1.12 %)² = 5.5·10⁶ s and p99 (3.25·13.85/1.87 %)² = 5.8·10⁶ s: 40 × 170,000 s (1.5 million
        // requests each).
        const int replications = 40;
        const double window = 170_000;
        var runs = Run("mm1.json", out _, "load.open.rate=9/s", "run.warmup=1000s", $"run.duration={window}s", $"run.replications={replications}");
        MMcResult theory = MM1.Compute(9, 10);
        CheckPercentiles("mm1.json at ρ = 0.9", runs, theory.ResponseTimeQuantile, k: [5.48, 6.63, 8.08, 13.85], window);
    }

    [Fact]
    public void MMcScenario_LatencyPercentiles_AgreeWithTheErlangCMixture()
    {
        // mmc.json as shipped (c = 8, 72 req/s, 100 ms, ρ = 0.9, 20,000 s after 500 s): MMcResult.ResponseTimeQuantile gives
        // p50 0.14894 s, p90 0.39575 s, p95 0.49252 s, p99 0.70874 s. K (√s), pilot 8 × 20,000 s / run 1 (24 × 20,000 s):
        // p50 1.31 / 1.30, p90 1.25 / 1.50, p95 1.00 / 1.58, p99 1.41 / 2.83 (planned at first with 2.0 for all, the pilot
        // having 8 replications only). Largest: 1.31, 1.50, 1.58, 2.83. With 24 replications (t_{23, 0.99875} = 3.42):
        // p95 3.42·1.58/√(4.8·10⁵) = 0.78 % ≤ 1.12 %, p99 1.40 % ≤ 1.87 %.
        const int replications = 24;
        var runs = Run("mmc.json", out var s, $"run.replications={replications}");
        MMcResult theory = MMc.Compute(72, 10, 8);
        CheckPercentiles("mmc.json", runs, theory.ResponseTimeQuantile, k: [1.31, 1.50, 1.58, 2.83], s.Run.DurationSeconds);
    }

    [Fact]
    public void MD1Scenario_AtRho09_LatencyPercentiles_AgreeWithErlangsDistribution()
    {
        // md1.json at 9 req/s (ρ = 0.9, D = 100 ms): the latency is Wq + D, Wq from Erlang's distribution (MD1): p50 0.40130 s,
        // p90 1.1782 s, p95 1.5129 s, p99 2.2898 s. Warm-up 1,000 s (faster to relax than the M/M/1 at the same load).
        // K (√s), pilot 8 × 20,000 s / 24 × 30,000 s / run 1 (40 × 80,000 s): p50 2.21 / 3.27 / 2.86, p90 3.72 / 4.43 / 4.47,
        // p95 3.95 / 5.29 / 5.15, p99 7.89 / 9.96 / 7.35. Largest: 3.27, 4.47, 5.29, 9.96. p95: R·T ≥ (3.25·5.29/1.12 %)² = 2.4·10⁶ s, p99 (3.25·9.96/1.87 %)² = 3.0·10⁶ s:
        // 40 × 80,000 s.
        const int replications = 40;
        const double window = 80_000;
        var runs = Run("md1.json", out _, "load.open.rate=9/s", "run.warmup=1000s", $"run.duration={window}s", $"run.replications={replications}");
        CheckPercentiles("md1.json at ρ = 0.9", runs, p => MD1.ResponseTimeQuantile(9, 0.1, p), k: [3.27, 4.47, 5.29, 9.96], window);
    }

    /// <summary>
    /// p50, p90, p95 and p99 of the latency against <paramref name="analytic"/>: the plan from <paramref name="k"/> is
    /// checked, then each percentile's Bonferroni interval, widened by the metric's own resolution as
    /// <see cref="StackSummary"/> widens it; and the summary's means must be the ones tested.
    /// </summary>
    private void CheckPercentiles(string scenario, StackReplicationResult[] runs, Func<double, double> analytic, double[] k, double window)
    {
        string[] metrics = ["latencyMs.p50", "latencyMs.p90", "latencyMs.p95", "latencyMs.p99"];
        var check = new ReplicationCheck(output, checks: metrics.Length, FamilyLevel);
        StackSummary summary = StackSummary.From(runs);
        for (int i = 0; i < metrics.Length; i++)
        {
            double p = QueueingTheoryTests.Percentiles[i];
            StackMetric metric = StackMetrics.Get(metrics[i]);
            Assert.Equal(QueueingTheoryTests.Resolution, metric.RelativeResolution);
            double[] seconds = runs.Select(r => metric.Value(r) / 1000).ToArray();
            string name = $"{scenario} {metrics[i]}";
            check.Plan(name, k[i], runs.Length, window, QueueingTheoryTests.PercentileLimit(p), metric.RelativeResolution);
            check.QuantileInterval(name + " (s)", analytic(p), seconds, metric.RelativeResolution, QueueingTheoryTests.PercentileLimit(p));
            Assert.Equal(seconds.Average() * 1000, summary[metrics[i]].Mean, 1e-9 * summary[metrics[i]].Mean);
        }
        check.AssertAll();
    }
}
