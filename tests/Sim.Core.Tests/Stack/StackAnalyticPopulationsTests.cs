using Sim.Core.Tests.Readme;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;
using Xunit.Abstractions;
using static Sim.Core.Tests.Stack.PopulationsTests;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The analytic estimate of <c>load.populations</c> (docs/statistics.md, "Analytic estimates"): one population is the
/// single-load estimate; closed populations on one exponential station are exact two-class MVA; open ones into one worker
/// are Pollaczek–Khinchine; open and closed together are the mixed network's MVA, checked by hand and against the simulation.
/// </summary>
public class StackAnalyticPopulationsTests(ITestOutputHelper output)
{
    // The scenarios: PopulationsTests.WithPopulations (the bare stack; classes page, 1 s, and api, 0.5 s), Closed and Open.

    private static void AssertSameEstimate(StackEstimate expected, StackEstimate actual)
    {
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.ThroughputPerSecond, actual.ThroughputPerSecond);
        Assert.Equal(expected.LatencyMeanSeconds, actual.LatencyMeanSeconds);
        Assert.Equal(expected.ErrorRate, actual.ErrorRate);
        Assert.Equal(expected.WorkerUtilization, actual.WorkerUtilization);
        Assert.Equal(expected.CpuUtilization, actual.CpuUtilization);
        Assert.Equal(expected.DbCpuUtilization, actual.DbCpuUtilization);
        Assert.Equal(expected.Bottleneck, actual.Bottleneck);
        Assert.Equal(expected.ThroughputUpperBound, actual.ThroughputUpperBound);
        Assert.Equal(expected.CapacityPerSecond, actual.CapacityPerSecond);
        Assert.Equal(expected.Unstable, actual.Unstable);
        Assert.Equal(expected.Demands, actual.Demands);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.PeakRatePerSecond, actual.PeakRatePerSecond);
    }

    [Fact]
    public void OnePopulation_IsTheSingleLoadEstimate_WithItselfAsTheBreakdown()
    {
        // The seed stack (CPU, database, cache, gzip: every stretch in play), each phase's load given as one population.
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json"));
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        foreach (ScenarioPhase phase in loaded.Phases)
        {
            StackScenario s = phase.Scenario;
            foreach (LoadSpec load in new[] { s.Load, new LoadSpec { Open = new OpenLoad { RatePerSecond = 60, Profile = [] } } })
            {
                StackScenario single = s with { Load = load };
                var pop = new PopulationSpec { Name = "everyone", Open = load.Open, Closed = load.Closed };
                StackEstimate expected = StackAnalytic.Estimate(single);
                StackEstimate actual = StackAnalytic.Estimate(s with { Load = new LoadSpec { Populations = [pop] } });
                AssertSameEstimate(expected, actual);
                Assert.Empty(expected.Populations);
                StackPopulationEstimate row = Assert.Single(actual.Populations);
                Assert.Equal(("everyone", expected.ThroughputPerSecond, expected.LatencyMeanSeconds), (row.Name, row.ThroughputPerSecond, row.LatencyMeanSeconds));

                // A population's mix is the class weights of a scenario without populations.
                StackScenario reweighted = single with { Classes = [.. s.Classes.Select(c => c with { Weight = c.Name == "page" ? 0.9 : 0.1 })] };
                var mixed = pop with { Mix = new Dictionary<string, double> { ["page"] = 9, ["static"] = 1 } };
                AssertSameEstimate(StackAnalytic.Estimate(reweighted), StackAnalytic.Estimate(s with { Load = new LoadSpec { Populations = [mixed] } }));
            }
        }
    }

    [Fact]
    public void AnOpenLoadSplitIntoTwoAlikePopulations_IsTheSameEstimate()
    {
        // The mixture of two identical passes is the pass: every total equals the one-load estimate (to rounding), and
        // each half carries half the throughput at the same latency.
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json"));
        StackScenario s = loaded.Phases[^1].Scenario;
        StackEstimate one = StackAnalytic.Estimate(s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 300, Profile = [] } } });
        StackEstimate two = StackAnalytic.Estimate(s with { Load = new LoadSpec { Populations = [Open("a", 100), Open("b", 200)] } });
        output.WriteLine($"one {one.ThroughputPerSecond} {one.LatencyMeanSeconds}; two {two.ThroughputPerSecond} {two.LatencyMeanSeconds}");
        Assert.Equal(one.Method, two.Method);
        Assert.Equal(one.ThroughputPerSecond, two.ThroughputPerSecond, 1e-9);
        Assert.Equal(one.LatencyMeanSeconds, two.LatencyMeanSeconds, 1e-12);
        Assert.Equal(one.CpuUtilization, two.CpuUtilization, 1e-12);
        Assert.Equal(one.DbCpuUtilization, two.DbCpuUtilization, 1e-12);
        Assert.Equal(one.WorkerUtilization, two.WorkerUtilization, 1e-12);
        Assert.Equal(one.CapacityPerSecond, two.CapacityPerSecond, 1e-9);
        Assert.Equal([100.0, 200.0], two.Populations.Select(p => Math.Round(p.ThroughputPerSecond, 9)));
        Assert.All(two.Populations, p => Assert.Equal(one.LatencyMeanSeconds, p.LatencyMeanSeconds, 1e-12));
    }

    [Fact]
    public void TwoClosedPopulations_OnOneExponentialWorker_AreExactTwoClassMva()
    {
        // PopulationsTests.TwoClosedPopulations_OnOneWorker_MatchTwoClassExactMva (simulated heavy X 1.0290 ± 0.0032):
        // "heavy" 3 users thinking 2 s, "light" 2 users thinking 5 s, every request 0.5 s on one worker.
        // R_c(n) = S·(1 + Q(n − e_c)), X_c(n) = n_c / (Z_c + R_c(n)), Q(n) = Σ X_c·R_c, by hand over (n₁, n₂).
        const double S = 0.5;
        double[] z = [2.0, 5.0];
        int[] n = [3, 2];
        var q = new double[n[0] + 1, n[1] + 1];
        double[] x = new double[2], r = new double[2];
        for (int a = 0; a <= n[0]; a++)
            for (int b = 0; b <= n[1]; b++)
            {
                if (a + b == 0) continue;
                r[0] = a > 0 ? S * (1 + q[a - 1, b]) : 0;
                r[1] = b > 0 ? S * (1 + q[a, b - 1]) : 0;
                x[0] = a / (z[0] + r[0]);
                x[1] = b / (z[1] + r[1]);
                q[a, b] = x[0] * r[0] + x[1] * r[1];
            }
        StackEstimate e = StackAnalytic.Estimate(WithPopulations(1, 1000, 1, Closed("heavy", n[0], z[0], ("api", 1)), Closed("light", n[1], z[1], ("api", 1))));
        output.WriteLine($"MVA X {x[0]:F5}/{x[1]:F5} R {r[0]:F5}/{r[1]:F5}; estimate {e.Method}: {string.Join("; ", e.Populations)}");
        Assert.Equal("closed: multi-class MVA", e.Method);
        Assert.Contains(e.Notes, note => note.Contains("exact over the 12 population vectors", StringComparison.Ordinal));
        Assert.Equal(1.03177, x[0], 5e-6); // the number PopulationsTests and docs/components/populations.md quote
        Assert.Equal(["heavy", "light"], e.Populations.Select(p => p.Name));
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(x[c], e.Populations[c].ThroughputPerSecond, 1e-9);
            Assert.Equal(r[c], e.Populations[c].LatencyMeanSeconds, 1e-9);
        }
        Assert.Equal(x[0] + x[1], e.ThroughputPerSecond, 1e-9);
        Assert.Equal((x[0] * r[0] + x[1] * r[1]) / (x[0] + x[1]), e.LatencyMeanSeconds, 1e-9);
        Assert.Equal(S * (x[0] + x[1]), e.WorkerUtilization, 1e-9);
        Assert.Equal(2.0, e.CapacityPerSecond, 12);
    }

    [Fact]
    public void TwoOpenPopulations_IntoOneWorker_ArePollaczekKhinchine()
    {
        // PopulationsTests.TwoOpenPopulations_IntoOneWorker_WaitAlikeByPasta (simulated a 2.270 ± 0.069 s): a sends pages
        // (Exp 1 s) at 0.4/s, b api calls (Exp 0.5 s) at 0.4/s. ρ = 0.6, λE[S²] = 0.4·2 + 0.4·0.5 = 1, Wq = 1/(2·0.4) = 1.25 s.
        StackEstimate e = StackAnalytic.Estimate(WithPopulations(1, 1000, 1, Open("a", 0.4, ("page", 1)), Open("b", 0.4, ("api", 1))));
        output.WriteLine($"{e.Method}: {string.Join("; ", e.Populations)}");
        Assert.Equal("open: M/G/c", e.Method);
        Assert.Equal(2.25, e.Populations[0].LatencyMeanSeconds, 1e-9);
        Assert.Equal(1.75, e.Populations[1].LatencyMeanSeconds, 1e-9);
        Assert.Equal(0.4, e.Populations[0].ThroughputPerSecond, 12);
        Assert.Equal(2.0, e.LatencyMeanSeconds, 1e-9);
        Assert.Equal(0.6, e.WorkerUtilization, 1e-12);
        Assert.Equal(0.8, e.ThroughputPerSecond, 12);
    }

    /// <summary>
    /// The mixed network by hand (Lazowska et al. 1984, §7.4): open load λ·S takes U = 0.3 of the worker; the closed users
    /// see a server of demand S/(1 − U) in exact MVA; an open request waits behind the closed users' queue Q at that speed:
    /// R_open = S·(1 + Q)/(1 − U).
    /// </summary>
    private static (double X, double R, double ROpen) MixedByHand(double rate, int users, double think, double s)
    {
        double u = rate * s, d = s / (1 - u), q = 0, x = 0, r = 0;
        for (int n = 1; n <= users; n++)
        {
            r = d * (1 + q);
            x = n / (think + r);
            q = x * r;
        }
        return (x, r, s * (1 + q) / (1 - u));
    }

    [Fact]
    public void MixedOpenAndClosed_OnOneExponentialWorker_IsTheMixedNetworksMva()
    {
        StackEstimate e = StackAnalytic.Estimate(WithPopulations(1, 1000, 1, Open("clients", 0.6, ("api", 1)), Closed("users", 3, 2.0, ("api", 1))));
        (double x, double r, double rOpen) = MixedByHand(0.6, 3, 2.0, 0.5);
        output.WriteLine($"by hand X {x:F6} R {r:F6} R_open {rOpen:F6}; {e.Method}: {string.Join("; ", e.Populations)}");
        Assert.Equal("mixed: multi-class MVA", e.Method);
        Assert.Equal(0.6, e.Populations[0].ThroughputPerSecond, 12);
        Assert.Equal(rOpen, e.Populations[0].LatencyMeanSeconds, 1e-9);
        Assert.Equal(x, e.Populations[1].ThroughputPerSecond, 1e-9);
        Assert.Equal(r, e.Populations[1].LatencyMeanSeconds, 1e-9);
        Assert.Equal(0.5 * (0.6 + x), e.WorkerUtilization, 1e-9);
        Assert.Equal((0.6 * rOpen + x * r) / (0.6 + x), e.LatencyMeanSeconds, 1e-9);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MixedOpenAndClosed_OnOneExponentialWorker_MatchesTheSimulation()
    {
        // One service time for every request (api, Exp 0.5 s) at one FCFS worker: a BCMP product-form network, so the mixed
        // MVA is exact and the only gap is simulation noise. 8 replications × 20,000 s; 99 % Bonferroni intervals over 3 checks.
        StackScenario s = WithPopulations(1, duration: 20_000, replications: 8, Open("clients", 0.6, ("api", 1)), Closed("users", 3, 2.0, ("api", 1)));
        StackEstimate e = StackAnalytic.Estimate(s);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        const int checks = 3;
        ConfidenceInterval Ci(Func<StackReplicationResult, double> metric) => ConfidenceInterval.FromSamples(runs.Select(metric).ToArray(), Bonferroni.Level(0.99, checks));
        var users = Ci(run => run.Populations[1].ThroughputPerSecond);
        var usersR = Ci(run => run.Populations[1].LatencyMeanSeconds);
        var clientsR = Ci(run => run.Populations[0].LatencyMeanSeconds);
        output.WriteLine($"estimate {string.Join("; ", e.Populations)}; simulated users X {users} R {usersR}, clients R {clientsR}");
        Assert.True(users.Contains(e.Populations[1].ThroughputPerSecond), $"users X {users} vs {e.Populations[1].ThroughputPerSecond}");
        Assert.True(usersR.Contains(e.Populations[1].LatencyMeanSeconds), $"users R {usersR} vs {e.Populations[1].LatencyMeanSeconds}");
        Assert.True(clientsR.Contains(e.Populations[0].LatencyMeanSeconds), $"clients R {clientsR} vs {e.Populations[0].LatencyMeanSeconds}");
        Assert.True(users.RelativeHalfWidth < 0.02, $"too wide: {users}");
        foreach (var ci in new[] { usersR, clientsR }) Assert.True(ci.RelativeHalfWidth < 0.05, $"too wide: {ci}");
    }

    [Fact]
    public void ManyUsers_UseSchweitzersApproximation_CloseToExactMva()
    {
        // 1000 × 1001 population vectors: beyond 10⁶, so Schweitzer's approximation. Against the exact recursion at the
        // knee of one queue (utilization 0.92), where it is worst: throughputs 27.27/7.27 vs 27.73/7.39 (1.6 % low),
        // residence 0.200/0.500 s vs 0.164/0.410 s (22 % high) — the throughput is what the fixed point and the capacity use.
        int[] n = [60, 40];
        double[] z = [2.0, 5.0], d = [0.02, 0.05];
        var (xe, re, _) = StackAnalytic.MultiClassMva(n, z, d);
        var (xa, ra, _) = StackAnalytic.SchweitzerMva(n, z, d);
        output.WriteLine($"exact X {xe[0]:F5}/{xe[1]:F5} R {re[0]:F5}/{re[1]:F5}; Schweitzer X {xa[0]:F5}/{xa[1]:F5} R {ra[0]:F5}/{ra[1]:F5}");
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(xe[c], xa[c], 0.02 * xe[c]);
            Assert.Equal(re[c], ra[c], 0.25 * re[c]);
        }
        StackEstimate e = StackAnalytic.Estimate(WithPopulations(1, 1000, 1, Closed("heavy", 999, 200, ("api", 1)), Closed("light", 1000, 500, ("api", 1))));
        Assert.Contains(e.Notes, note => note.Contains("Schweitzer's approximation", StringComparison.Ordinal));
        Assert.Equal(2.0, e.ThroughputPerSecond, 0.02); // saturated: 1/S
    }

    [Fact]
    public void AnOpenLoadPastTheWorkers_IsUnstable_AndEveryPopulationSaysSo()
    {
        StackEstimate e = StackAnalytic.Estimate(WithPopulations(1, 1000, 1, Open("clients", 2.5, ("api", 1)), Closed("users", 3, 2.0, ("api", 1))));
        Assert.Equal("mixed: unstable", e.Method);
        Assert.True(e.Unstable);
        Assert.All(e.Populations, p => Assert.True(double.IsPositiveInfinity(p.LatencyMeanSeconds)));
    }
}
