using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// <c>workers.dispatch</c>: which idle worker takes a request. Checked against the exact load per worker of an
/// ordered-hunting loss system, the symmetric split of longest-idle dispatch, LIFO's concentration at low load, and
/// the M/M/c mean wait that every work-conserving choice keeps.
/// </summary>
public class WorkerDispatchTests
{
    private static StackScenario Pool(WorkerDispatch dispatch, int workers, double rate, int backlog, double duration, int replications)
    {
        StackScenario s = Scenarios.Bare(workers, Exponential.FromMean(1.0), rate: rate, duration: duration, warmup: 200, replications: replications);
        return s with { Workers = s.Workers with { Backlog = backlog, Dispatch = dispatch } };
    }

    private static ConfidenceInterval Ci(StackReplicationResult[] runs, Func<StackReplicationResult, double> metric, int checks) =>
        ConfidenceInterval.FromSamples(runs.Select(metric).ToArray(), Bonferroni.Level(0.99, checks));

    [Fact]
    [Trait("Category", "Slow")]
    public void LowestIndex_InALossSystem_CarriesTheOrderedHuntingLoadPerWorker()
    {
        // Backlog 0: a request finding all 4 workers busy gets 503, so the pool is M/M/4/4 with A = 3 erlangs. With ordered
        // hunting worker k (1-based) sees exactly the overflow of workers 1..k−1, whose rate is λ·B(k−1, A); it carries
        // A·[B(k−1, A) − B(k, A)] erlangs — its utilization (0.750, 0.662, 0.550, 0.420 here).
        const double a = 3.0;
        StackReplicationResult[] runs = StackExperiment.Run(Pool(WorkerDispatch.LowestIndex, 4, a, backlog: 0, duration: 40_000, replications: 8));
        for (int k = 1; k <= 4; k++)
        {
            double expected = a * (ErlangB.Blocking(a, k - 1) - ErlangB.Blocking(a, k));
            int w = k - 1;
            var u = Ci(runs, r => r.PerWorkerUtilization[w], 5);
            Assert.True(u.Contains(expected), $"worker {k}: {u} vs {expected}");
            // 8 × 40,000 s: about 120,000 requests a run; the 2 % bound fails only if the runs are cut.
            Assert.True(u.RelativeHalfWidth < 0.02, $"worker {k}: too wide {u}");
        }
        var lost = Ci(runs, r => r.ErrorRate, 5);
        Assert.True(lost.Contains(ErlangB.Blocking(a, 4)), $"blocking {lost} vs {ErlangB.Blocking(a, 4)}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void LongestIdle_InALossSystem_SplitsTheCarriedLoadEvenly()
    {
        // The same M/M/4/4 with FIFO over idle workers treats the workers symmetrically: each carries A·(1 − B(4, A))/4.
        const double a = 3.0;
        StackReplicationResult[] runs = StackExperiment.Run(Pool(WorkerDispatch.LongestIdle, 4, a, backlog: 0, duration: 40_000, replications: 8));
        double expected = a * (1 - ErlangB.Blocking(a, 4)) / 4;
        for (int w = 0; w < 4; w++)
        {
            int worker = w;
            var u = Ci(runs, r => r.PerWorkerUtilization[worker], 4);
            Assert.True(u.Contains(expected), $"worker {w + 1}: {u} vs {expected}");
            Assert.True(u.RelativeHalfWidth < 0.02, $"worker {w + 1}: too wide {u}");
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MostRecentlyIdle_AtLowLoad_ConcentratesTheWorkOnTheHotWorkers()
    {
        // 4 workers, A = 0.01 erlangs, 200 requests per run. LIFO gives a request the worker that became idle last, so a
        // request finding n workers busy takes the (n+1)-th of the idle stack. Worker 1 starts on top and keeps the work
        // except when a second request overlaps it (≈ A of requests) and ends last, which hands the top to worker 2; the
        // third and fourth workers are reached only by a request finding ≥ 2 busy, P = 1 − e^−A·(1 + A) ≈ 5·10⁻⁵
        // (M/M/∞), about 0.01 such requests per run. So workers 1 and 2 carry almost everything, where longest-idle
        // dispatch rotates through all four (half the work on workers 1 and 2).
        const double a = 0.01;
        static double HotShare(StackReplicationResult r) => (r.PerWorkerUtilization[0] + r.PerWorkerUtilization[1]) / r.PerWorkerUtilization.Sum();
        StackReplicationResult[] lifo = StackExperiment.Run(Pool(WorkerDispatch.MostRecentlyIdle, 4, a, backlog: 1_000_000, duration: 20_000, replications: 10));
        foreach (StackReplicationResult r in lifo)
            Assert.True(HotShare(r) > 0.95, $"workers 1 and 2 carry {HotShare(r):P2} of the work: {string.Join("/", r.PerWorkerUtilization.Select(v => v.ToString("F4")))}");
        Assert.True(Math.Abs(lifo.Average(r => r.PerWorkerUtilization.Sum()) - a) < 0.15 * a, "total busy ≠ A");
        StackReplicationResult[] fifo = StackExperiment.Run(Pool(WorkerDispatch.LongestIdle, 4, a, backlog: 1_000_000, duration: 20_000, replications: 10));
        var even = Ci(fifo, HotShare, 1);
        Assert.True(even.Contains(0.5), $"longest idle: workers 1 and 2 carry {even}, not half");
    }

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(WorkerDispatch.MostRecentlyIdle)]
    [InlineData(WorkerDispatch.LowestIndex)]
    public void EveryPolicy_IsWorkConserving_SoTheMeanWaitIsErlangC(WorkerDispatch dispatch)
    {
        // M/M/4 at ρ = 0.8 (the bare-stack Erlang C check) under another choice among idle workers: a request still waits
        // only when every worker is busy, so W, utilization and Lq stay those of M/M/4 — only who does the work changes.
        StackReplicationResult[] runs = StackExperiment.Run(Pool(dispatch, 4, 3.2, backlog: 1_000_000, duration: 10_000, replications: 8));
        MMcResult theory = MMc.Compute(3.2, 1.0, 4);
        var w = Ci(runs, r => r.LatencyMeanSeconds, 3);
        var u = Ci(runs, r => r.WorkerUtilization, 3);
        var x = Ci(runs, r => r.ThroughputPerSecond, 3);
        Assert.True(w.Contains(theory.W), $"W: {w} vs {theory.W}");
        Assert.True(u.Contains(theory.Utilization), $"U: {u} vs {theory.Utilization}");
        Assert.True(x.Contains(3.2), $"X: {x} vs 3.2");
        Assert.True(w.RelativeHalfWidth < 0.07, $"W interval too wide: {w}");
    }
}
