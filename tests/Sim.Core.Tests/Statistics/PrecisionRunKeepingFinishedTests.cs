using Sim.Distributions;
using Sim.Statistics;
using Sim.Randomness;
using Sim.Stack;

namespace Sim.Core.Tests.Statistics;

public class PrecisionRunKeepingFinishedTests
{
    private static double Draw(int i) => 10 + MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, new StreamFactory(42).Create("precision", i).NextOpenDouble());

    private static readonly Func<double, double>[] Identity = [x => x];

    [Fact]
    public void Uncancelled_GivesWhatRunGives()
    {
        PrecisionRunResult<double> plain = PrecisionRun.Run(Draw, Identity, 0.05, 4, 100, 2);
        PrecisionRunResult<double> kept = PrecisionRun.RunKeepingFinished(Draw, Identity, 0.05, 4, 100, 2);
        Assert.False(kept.Cancelled);
        Assert.Equal(plain.Results, kept.Results);
        Assert.Equal(plain.RelativeHalfWidths, kept.RelativeHalfWidths);
    }

    [Fact]
    public void CancelledInsideABatch_KeepsTheJudgedBatches_AndTheReplicationsOfTheRunningBatchThatFinished()
    {
        // Serial, so the order is known: batches 0–3, 4–5, then replication 6 finishes and cancels before 7 starts.
        using var cts = new CancellationTokenSource();
        double Body(int i)
        {
            double x = Draw(i);
            if (i == 6) cts.Cancel();
            return x;
        }
        PrecisionRunResult<double> r = PrecisionRun.RunKeepingFinished(Body, Identity, 0.001, 4, 100, 2, maxDegreeOfParallelism: 1, cts.Token);
        Assert.True(r.Cancelled);
        Assert.False(r.TargetMet);
        Assert.Equal(Enumerable.Range(0, 7).Select(Draw), r.Results);
        Assert.Equal(PrecisionRun.Run(Draw, Identity, 0.001, 7, 7).RelativeHalfWidths, r.RelativeHalfWidths); // judged over what was kept
    }

    [Fact]
    public void EveryBatch_IsReported_BeforeTheNextStarts()
    {
        var seen = new List<int>();
        PrecisionRunResult<double> r = PrecisionRun.RunKeepingFinished(Draw, Identity, 0.001, 4, 10, 3, batchJudged: b => seen.Add(b.Replications));
        Assert.Equal([4, 7, 10], seen);
        Assert.Equal(10, r.Replications);
    }

    [Fact]
    public void CancelledBeforeAnythingFinished_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => PrecisionRun.RunKeepingFinished(Draw, Identity, 0.05, 4, 10, cancellationToken: cts.Token));
    }

    [Fact]
    public void StackRunToPrecision_CancelledAfterTheFirstBatch_KeepsIt()
    {
        var scenario = Sim.Core.Tests.Stack.Scenarios.Bare(2, Exponential.FromMean(0.1), rate: 10, duration: 200, warmup: 10, replications: 3);
        StackMetric throughput = StackMetrics.Get("throughputPerSecond");
        using var cts = new CancellationTokenSource();
        PrecisionRunResult<StackReplicationResult> r = StackExperiment.RunToPrecisionKeepingFinished(scenario, [throughput], 0.0001, 30,
            cancellationToken: cts.Token, batchJudged: _ => cts.Cancel());
        Assert.True(r.Cancelled);
        Assert.Equal(3, r.Replications);
        Assert.Equal(StackExperiment.Run(scenario).Select(x => x.ThroughputPerSecond), r.Results.Select(x => x.ThroughputPerSecond));
    }
}
