using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Core.Tests.Stack;

public class StackModelTests
{
    private static ConfidenceInterval Ci(StackReplicationResult[] runs, Func<StackReplicationResult, double> metric) =>
        ConfidenceInterval.FromSamples(runs.Select(metric).ToArray(), Bonferroni.Level(0.99, 3));

    [Fact]
    [Trait("Category", "Slow")]
    public void BareStack_IsAnMmcQueue_AgreesWithErlangC()
    {
        // Workers holding each request for an Exp(1 s) time with everything else off: M/M/4 at ρ = 0.8.
        StackScenario s = Scenarios.Bare(workers: 4, Exponential.FromMean(1.0), rate: 3.2, duration: 20_000, warmup: 500, replications: 8);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        MMcResult theory = MMc.Compute(3.2, 1.0, 4);
        var w = Ci(runs, r => r.LatencyMeanSeconds);
        var u = Ci(runs, r => r.WorkerUtilization);
        var lq = Ci(runs, r => r.QueueLengthMean);
        Assert.True(w.Contains(theory.W), $"W: {w} vs {theory.W}");
        Assert.True(u.Contains(theory.Utilization), $"U: {u} vs {theory.Utilization}");
        Assert.True(lq.Contains(theory.Lq), $"Lq: {lq} vs {theory.Lq}");
        // Measured: relative half-width 3.4 % over 8 × 20,000 s (ρ = 0.8 makes W noisy); 5 % bounds it.
        Assert.True(w.RelativeHalfWidth < 0.05, $"W interval too wide: {w}");
        // L and λW over the same window differ only through requests in flight at its edges:
        // about L/(λT) ≈ 4/64,000 relative. Measured ≤ 0.0003; 1 % would flag a bookkeeping bug.
        Assert.All(runs, r => Assert.True(Math.Abs(r.LittleLawRelativeError) < 0.01, $"Little: {r.LittleLawRelativeError}"));
    }
}

public class StackTheoryTests
{
    private static ConfidenceInterval Ci(StackReplicationResult[] runs, Func<StackReplicationResult, double> metric, int checks) =>
        ConfidenceInterval.FromSamples(runs.Select(metric).ToArray(), Bonferroni.Level(0.99, checks));

    [Fact]
    [Trait("Category", "Slow")]
    public void ClosedUsers_AgreeWithTheMachineRepairmanModel()
    {
        // 40 users thinking Exp(4 s), 3 workers holding Exp(0.25 s): the closed interactive model.
        // Its exact solution (birth-death chain) gives X and R; N = X·(R + Z) ties them together.
        StackScenario s = Scenarios.Bare(3, Exponential.FromMean(0.25), closed: new ClosedLoad { Users = 40, ThinkTimeSeconds = Exponential.FromMean(4) },
            duration: 10_000, warmup: 200, replications: 8);
        StackReplicationResult[] runs = StackExperiment.Run(s);
        MachineRepairmanResult theory = MachineRepairman.Compute(40, 4, 0.25, 3);
        var x = Ci(runs, r => r.ThroughputPerSecond, 2);
        var rt = Ci(runs, r => r.LatencyMeanSeconds, 2);
        Assert.True(x.Contains(theory.Throughput), $"X: {x} vs {theory.Throughput}");
        Assert.True(rt.Contains(theory.ResponseTime), $"R: {rt} vs {theory.ResponseTime}");
        // Precision: 8 × 10,000 s at ≈ 9.1 req/s; measured relative half-widths 0.2 % (X) and 2.0 % (R),
        // so the bounds below fail only if the run lengths are cut, not by chance.
        Assert.True(x.RelativeHalfWidth < 0.01, $"X too wide: {x}");
        Assert.True(rt.RelativeHalfWidth < 0.05, $"R too wide: {rt}");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void CpuBoundRequests_OnOneCore_AreAnMG1ProcessorSharingQueue()
    {
        // Many workers, one core, CPU work with mean 40 ms at 20 req/s: M/G/1-PS with ρ = 0.8,
        // whose mean response is S/(1 − ρ) = 0.2 s for any work distribution (insensitivity).
        foreach (Distribution work in new Distribution[] { Exponential.FromMean(0.04), Deterministic.Of(0.04), LogNormal.FromMeanAndStdDev(0.04, 0.08) })
        {
            StackScenario s = Scenarios.Bare(200, Deterministic.Of(0), rate: 20, duration: 10_000, warmup: 200, replications: 8)
                .WithSteps(new CpuStep { WorkSeconds = work }) with { Host = new HostSpec { Cores = 1, BaseMemoryBytes = 0, TotalMemoryBytes = 1 } };
            StackReplicationResult[] runs = StackExperiment.Run(s);
            var w = Ci(runs, r => r.LatencyMeanSeconds, 3);
            Assert.True(w.Contains(0.2), $"{work}: W {w} vs 0.2");
            Assert.True(w.RelativeHalfWidth < 0.05, $"{work}: too wide {w}");
        }
    }
}
