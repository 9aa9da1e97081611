using Sim.Core.Tests.Readme;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The window's requests are followed to their end (the drain), so latencies carry no bias from the requests
/// still in flight when the window closes — the slowest ones. Short windows make that loss large enough to see:
/// with L requests in the system and λT arrivals per window, a run that drops them loses about L/(λT) of its
/// requests, almost all from the tail.
/// </summary>
public class DrainTests(ITestOutputHelper output)
{
    /// <summary>
    /// Ratio estimator Σe/Σn over replications with its delta-method interval: the share of a replication's
    /// requests with some property (e.g. latency above x), pooled without the small-sample bias of averaging
    /// per-replication shares, and with the replications as the independent units.
    /// </summary>
    private static (double Ratio, double Variance) Ratio(IReadOnlyList<double> e, IReadOnlyList<double> n)
    {
        int k = e.Count;
        double se = 0, sn = 0;
        for (int i = 0; i < k; i++) { se += e[i]; sn += n[i]; }
        double ratio = se / sn, nBar = sn / k, ss = 0;
        for (int i = 0; i < k; i++) { double d = e[i] - ratio * n[i]; ss += d * d; }
        return (ratio, ss / (k - 1) / (k * nBar * nBar));
    }

    private static (double Ratio, double Variance) Exceedance(StackReplicationResult[] runs, double seconds) =>
        Ratio(runs.Select(r => r.LatencyHistogram.Count * (1 - r.LatencyHistogram.CumulativeFraction(seconds))).ToList(),
              runs.Select(r => (double)r.LatencyHistogram.Count).ToList());

    [Fact]
    [Trait("Category", "Slow")]
    public void MM1_AtRho09_LatencyMeanAndTailShares_MatchTheExponentialSojourn()
    {
        // M/M/1 with μ = 10/s, λ = 9/s: the sojourn is Exp(μ − λ = 1/s), so P(W > x) = e^{−x}; L = 9.
        // Sample size from the precision wanted: a pilot of 40 windows of 20,000 s gave 99.8 % half-widths of 2.5 % (mean),
        // 1.2 % (p50 share), 6.6 % (p90 share) and 26 % (p99 share), falling as 1/√T; 40 windows of 80,000 s halve them.
        // The bounds below are about 1.5× that. A share's relative error e moves its quantile x by e/x·(1/(μ − λ)):
        // 20 % at p99 is 0.2/4.6 ≈ 4 % of p99's value. Warm-up 300 s ≈ 8 relaxation times 1/(μ(1 − √ρ)²) ≈ 38 s.
        StackScenario s = Scenarios.Bare(workers: 1, Exponential.FromMean(0.1), rate: 9, duration: 80_000, warmup: 300, replications: 40, seed: 11);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        Assert.All(runs, r => Assert.Equal(0, r.InFlightAtEnd));

        const int checks = 5;
        double z = ConfidenceInterval.StudentTQuantile(Bonferroni.Level(0.99, checks), runs.Length - 1);
        var misses = new List<string>();
        void Check(string name, (double Ratio, double Variance) est, double exact, double relativePrecision, double resolution = 0)
        {
            double half = z * Math.Sqrt(est.Variance);
            output.WriteLine($"{name}: {est.Ratio:G5} ± {half:G3} (exact {exact:G5}, histogram resolution −{resolution:G2})");
            if (est.Ratio - half > exact || est.Ratio + half + resolution < exact) misses.Add($"{name} {est.Ratio:G5} ± {half:G3} misses {exact:G5}");
            if (half > relativePrecision * exact) misses.Add($"{name} interval ± {half:G3} wider than {relativePrecision:P0} of {exact:G5}");
        }
        // Mean sojourn Σ W / Σ n against 1/(μ − λ) = 1 s.
        Check("mean W", Ratio(runs.Select(r => r.LatencyMeanSeconds * r.LatencyHistogram.Count).ToList(), runs.Select(r => (double)r.LatencyHistogram.Count).ToList()), 1.0, 0.02);
        // Tail shares at the exact p50, p90, p99 (x = ln(1/(1 − p))). The histogram counts the whole bucket holding x as
        // ≤ x; a bucket is 2 × 0.5 % of x wide, so a share can read low by up to f(x)·x·0.01 = (1 − p)·x·0.01.
        foreach (double p in new[] { 0.5, 0.9, 0.99 })
        {
            double x = -Math.Log(1 - p);
            double precision = p switch { 0.5 => 0.015, 0.9 => 0.05, _ => 0.20 };
            Check($"P(W > p{p * 100:G3})", Exceedance(runs, x), 1 - p, precision, (1 - p) * x * 2 * LatencyHistogram.DefaultRelativeAccuracy);
        }
        // Little's law over the window: L (time average) − λW (the cohort, drained) is 0 in expectation; its interval must contain 0.
        ConfidenceInterval little = ConfidenceInterval.FromSamples(runs.Select(r => r.LittleLawRelativeError).ToArray(), Bonferroni.Level(0.99, checks));
        output.WriteLine($"Little's law signed relative error: {little}");
        if (!little.Contains(0)) misses.Add($"Little's law error {little} excludes 0");
        Assert.Empty(misses);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void SeedBaseline_ShortWindows_TailMatchesALongReferenceRun()
    {
        // The seed's baseline (500 users, 3 workers at 100 %, a long tail): ≈ 65 requests in flight against ≈ 100 req/s.
        // A long reference run (10 × 2,000 s: the loss at the window's end is ≈ 65/200,000 there) gives p99 and p99.9;
        // 240 windows of 30 s (≈ 3,000 requests each, 2 % of them in flight at the end — and a request is in flight at the
        // end with a probability that grows with its latency, so the tail loses most) must see the same share of
        // requests above them: the difference of the two ratio estimators, with both variances, must contain 0.
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json");
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(path, []);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        StackScenario baseline = loaded.Phases.Single(p => p.Name == "baseline").Scenario;
        StackScenario reference = baseline with { Run = baseline.Run with { DurationSeconds = 2000, WarmupSeconds = 120, Replications = 10, Seed = 101 } };
        StackScenario shortWindows = baseline with { Run = baseline.Run with { DurationSeconds = 30, WarmupSeconds = 120, Replications = 240, Seed = 202 } };
        StackReplicationResult[] longRuns = StackExperiment.Run(reference);
        StackReplicationResult[] shortRuns = StackExperiment.Run(shortWindows);
        Assert.All(shortRuns, r => Assert.Equal(0, r.InFlightAtEnd));

        var merged = new LatencyHistogram();
        foreach (StackReplicationResult r in longRuns) merged.Merge(r.LatencyHistogram);
        const int checks = 2;
        var misses = new List<string>();
        foreach (double p in new[] { 0.99, 0.999 })
        {
            double x = merged.Quantile(p);
            var a = Exceedance(longRuns, x);
            var b = Exceedance(shortRuns, x);
            // Welch-style: the reference has few replications, so its t quantile uses its own degrees of freedom (conservative).
            double tLong = ConfidenceInterval.StudentTQuantile(Bonferroni.Level(0.99, checks), longRuns.Length - 1);
            double tShort = ConfidenceInterval.StudentTQuantile(Bonferroni.Level(0.99, checks), shortRuns.Length - 1);
            double half = Math.Sqrt(tLong * tLong * a.Variance + tShort * tShort * b.Variance);
            double diff = b.Ratio - a.Ratio;
            output.WriteLine($"p{p * 100:G4} = {x:G4} s: reference share {a.Ratio:G4}, short windows {b.Ratio:G4}, difference {diff:G3} ± {half:G3}");
            if (Math.Abs(diff) > half) misses.Add($"share above p{p * 100:G4}: short windows {b.Ratio:G4} vs reference {a.Ratio:G4} (± {half:G3})");
            // Precision: the test must be able to see what a run without the drain loses from the tail: the share above
            // p99.9 falls from 0.001 to 0.00003 there. Measured half-widths (10 + 240 replications): 14 % of the share at
            // p99.9, 63 % at p99 (30 s windows of a saturated pool swing a lot at p99); the bounds are 2× and 1.3× that.
            double precision = p == 0.999 ? 0.3 : 0.8;
            if (half > precision * (1 - p)) misses.Add($"share above p{p * 100:G4}: interval ± {half:G3} too wide to see a bias");
        }
        Assert.Empty(misses);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Overload_AtRho15_ThroughputAndCapacityAreTheServiceRate_AndLatencyIsMeasured()
    {
        // M/M/1 offered 15/s against a 10/s server, after a 100 s warm-up: the backlog carried into the window keeps the
        // worker busy, so departures are a Poisson process at μ = 10/s. Throughput counts completions in the window,
        // whenever those requests arrived; the window's own requests leave after it (the drain) and carry the latency.
        // Precision: 20 windows × 200 s ≈ 2,000 departures each, a relative standard deviation of ≈ 2.2 % per window and
        // 0.5 % for the mean; × t(0.995, 19) ≈ 3.2 gives ≈ 1.6 %, bounded at 2.5 %.
        StackScenario s = Scenarios.Bare(workers: 1, Exponential.FromMean(0.1), rate: 15, duration: 200, warmup: 100, replications: 20, seed: 5);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        Assert.All(runs, r => Assert.False(r.Unstable));
        ConfidenceInterval x = ConfidenceInterval.FromSamples(runs.Select(r => r.ThroughputPerSecond).ToArray(), Bonferroni.Level(0.99, 2));
        ConfidenceInterval capacity = ConfidenceInterval.FromSamples(runs.Select(r => r.BottleneckCapacityPerSecond).ToArray(), Bonferroni.Level(0.99, 2));
        output.WriteLine($"throughput {x}; capacity {capacity}");
        Assert.True(x.Contains(10), $"throughput {x} vs the service rate 10/s");
        Assert.True(x.RelativeHalfWidth < 0.025, $"throughput interval too wide: {x}");
        Assert.True(capacity.Contains(10), $"capacity X/U {capacity} vs 10/s");
        Assert.All(runs, r =>
        {
            Assert.Equal(0, r.InFlightAtEnd);
            Assert.Equal(r.Arrivals, r.Completed);
            // The window's last arrivals wait behind ≈ 500 + 5 × 200 requests: at least 100 s.
            Assert.True(r.LatencyMaxSeconds > 100, $"max latency {r.LatencyMaxSeconds} s");
            Assert.True(r.DrainSeconds > 0);
        });
    }
}
