using Sim.Distributions;
using Sim.Randomness;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class PrecisionRunTests
{
    /// <summary>Replication i: one N(10, 1) draw from its own stream — a pure function of i.</summary>
    private static double Draw(int i) => 10 + MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, new StreamFactory(42).Create("precision", i).NextOpenDouble());

    private static readonly Func<double, double>[] Identity = [x => x];

    [Fact]
    public void StopsAtTheFirstBatchThatMeetsTheTarget()
    {
        // sd 1 around 10: ±5 % needs t·1/√n ≤ 0.5, about 18 replications.
        PrecisionRunResult<double> r = PrecisionRun.Run(Draw, Identity, 0.05, initialReplications: 4, maxReplications: 100, batchSize: 2);
        Assert.True(r.TargetMet);
        Assert.InRange(r.Replications, 10, 40);
        Assert.True(r.RelativeHalfWidths[0] <= 0.05);
        Assert.Equal(ConfidenceInterval.FromSamples(r.Results).RelativeHalfWidth, r.RelativeHalfWidths[0], 12);
        // One batch fewer did not meet it: the run did not go on longer than needed.
        Assert.True(ConfidenceInterval.FromSamples(r.Results.AsSpan(0, r.Replications - 2)).RelativeHalfWidth > 0.05);
        Assert.Equal(Enumerable.Range(0, r.Replications).Select(Draw), r.Results);
    }

    [Fact]
    public void MaximumReached_SaysTheTargetWasNotMet()
    {
        PrecisionRunResult<double> r = PrecisionRun.Run(Draw, Identity, 0.001, initialReplications: 4, maxReplications: 11, batchSize: 4);
        Assert.False(r.TargetMet);
        Assert.Equal(11, r.Replications); // 4, 8, then capped at 11
        Assert.True(r.RelativeHalfWidths[0] > 0.001);
    }

    [Fact]
    public void EveryMetricMustMeetIt()
    {
        // The second metric is three times noisier relative to its mean (about 9× the replications): it decides when to stop.
        Func<double, double>[] two = [x => x, x => 10 + 3 * (x - 10)];
        PrecisionRunResult<double> one = PrecisionRun.Run(Draw, Identity, 0.05, 4, 1000, 4);
        PrecisionRunResult<double> both = PrecisionRun.Run(Draw, two, 0.05, 4, 1000, 4);
        Assert.True(both.TargetMet);
        Assert.True(both.Replications > 4 * one.Replications);
        Assert.All(both.RelativeHalfWidths, w => Assert.True(w <= 0.05));
    }

    [Fact]
    public void Resolution_IsAddedToTheRelativeHalfWidth_AndATargetBelowItIsNeverMet()
    {
        PrecisionRunResult<double> plain = PrecisionRun.Run(Draw, Identity, 0.05, 4, 200, 4);
        PrecisionRunResult<double> resolved = PrecisionRun.Run(Draw, Identity, 0.05, 4, 200, 4, relativeResolutions: [0.01]);
        Assert.True(resolved.TargetMet);
        Assert.True(resolved.Replications > plain.Replications); // 4 % of sampling error left instead of 5 %
        Assert.Equal(ConfidenceInterval.FromSamples(resolved.Results).RelativeHalfWidth + 0.01, resolved.RelativeHalfWidths[0], 12);

        PrecisionRunResult<double> hopeless = PrecisionRun.Run(Draw, Identity, 0.004, 4, 12, 4, relativeResolutions: [0.005]);
        Assert.False(hopeless.TargetMet);
        Assert.Equal(12, hopeless.Replications);
    }

    [Fact]
    public void Stack_PercentileTargets_IncludeTheHistogramResolution()
    {
        var s = Sim.Core.Tests.Stack.Scenarios.Bare(workers: 1, Exponential.FromMean(0.1), rate: 5, duration: 300, warmup: 30, replications: 3);
        StackMetric p95 = StackMetrics.Get("latencyMs.p95");
        PrecisionRunResult<StackReplicationResult> r = StackExperiment.RunToPrecision(s, [p95], 0.10, maxReplications: 30);
        double[] values = r.Results.Select(p95.Value).ToArray();
        Assert.Equal(ConfidenceInterval.FromSamples(values).RelativeHalfWidth + LatencyHistogram.DefaultRelativeAccuracy, r.RelativeHalfWidths[0], 12);
        // The same width StackSummary reports for these replications.
        MetricSummary summary = StackSummary.From(r.Results)["latencyMs.p95"];
        Assert.Equal(summary.Ci95 / Math.Abs(summary.Mean), r.RelativeHalfWidths[0], 9);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Equal("relativeResolutions", Assert.Throws<ArgumentException>(() => PrecisionRun.Run(Draw, Identity, 0.1, 2, 10, relativeResolutions: [0.1, 0.2])).ParamName);
        Assert.Equal("relativeResolutions", Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionRun.Run(Draw, Identity, 0.1, 2, 10, relativeResolutions: [-0.1])).ParamName);
        Assert.Equal("relativeHalfWidth", Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionRun.Run(Draw, Identity, 0, 2, 10)).ParamName);
        Assert.Equal("initialReplications", Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionRun.Run(Draw, Identity, 0.1, 1, 10)).ParamName);
        Assert.Equal("maxReplications", Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionRun.Run(Draw, Identity, 0.1, 5, 4)).ParamName);
        Assert.Equal("metrics", Assert.Throws<ArgumentException>(() => PrecisionRun.Run(Draw, [], 0.1, 2, 4)).ParamName);
    }

    [Fact]
    public void Stack_ReachesThePrecision_WithTheSameReplicationsAsAFixedRun()
    {
        // M/M/1 at ρ = 0.5 in short replications: mean latency ±5 %.
        var s = Sim.Core.Tests.Stack.Scenarios.Bare(workers: 1, Exponential.FromMean(0.1), rate: 5, duration: 300, warmup: 30, replications: 3);
        StackMetric latency = StackMetrics.Get("latencyMs.mean");
        PrecisionRunResult<StackReplicationResult> r = StackExperiment.RunToPrecision(s, [latency], 0.05, maxReplications: 60);
        Assert.True(r.TargetMet);
        Assert.Equal(0, r.Replications % 3); // batches of the scenario's replications
        Assert.True(r.Replications > 3);
        Assert.True(r.RelativeHalfWidths[0] <= 0.05);
        // Replication i is the same whether it ran in a precision run or a fixed one, serial or parallel.
        StackReplicationResult[] fixedRun = StackExperiment.Run(s with { Run = s.Run with { Replications = r.Replications } }, maxDegreeOfParallelism: 1);
        Assert.Equal(fixedRun.Select(x => x.LatencyMeanSeconds), r.Results.Select(x => x.LatencyMeanSeconds));
    }
}
