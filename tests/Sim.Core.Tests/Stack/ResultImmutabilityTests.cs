using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Core.Tests.Stack;

/// <summary>A replication's result cannot be changed through what it exposes: not its arrays, not its latency histogram.</summary>
public class ResultImmutabilityTests
{
    private static StackReplicationResult Run() =>
        StackExperiment.Run(Scenarios.Bare(workers: 2, Exponential.FromMean(0.1), rate: 10, duration: 200, warmup: 10, replications: 1))[0];

    [Fact]
    public void Arrays_AreReadOnly_EvenWhenCastBack()
    {
        StackReplicationResult r = Run();
        Assert.Throws<NotSupportedException>(() => ((IList<long>)r.ErrorsByKind)[0] = 7);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)r.PerWorkerUtilization)[0] = 0.5);
        Assert.IsNotType<long[]>(r.ErrorsByKind);
        Assert.IsNotType<double[]>(r.PerWorkerUtilization);
    }

    [Fact]
    public void Histogram_CannotBeCastToTheMutableType_AndMergingLeavesItUnchanged()
    {
        StackReplicationResult r = Run();
        Assert.False(r.LatencyHistogram is LatencyHistogram);
        long count = r.LatencyHistogram.Count;
        double p95 = r.LatencyHistogram.Quantile(0.95);
        Assert.True(count > 1000, $"count {count}");

        LatencyHistogram merged = r.LatencyHistogram.Clone();
        merged.Merge(r.LatencyHistogram);
        merged.Record(123.0);

        Assert.Equal(2 * count + 1, merged.Count);
        Assert.Equal(count, r.LatencyHistogram.Count);
        Assert.Equal(p95, r.LatencyHistogram.Quantile(0.95));
        Assert.Equal(r.LatencyP95Seconds, p95);
    }
}
