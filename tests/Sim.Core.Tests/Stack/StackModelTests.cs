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
        var w = Ci(runs, r => r.LatencyMean);
        var u = Ci(runs, r => r.WorkerUtilization);
        var lq = Ci(runs, r => r.QueueLengthMean);
        Assert.True(w.Contains(theory.W), $"W: {w} vs {theory.W}");
        Assert.True(u.Contains(theory.Utilization), $"U: {u} vs {theory.Utilization}");
        Assert.True(lq.Contains(theory.Lq), $"Lq: {lq} vs {theory.Lq}");
        Assert.True(w.RelativeHalfWidth < 0.05, $"W interval too wide: {w}");
        Assert.All(runs, r => Assert.True(r.LittleLawRelativeError < 0.02, $"Little: {r.LittleLawRelativeError}"));
    }
}
