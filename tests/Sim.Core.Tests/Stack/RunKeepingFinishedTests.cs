using Sim.Stack;

namespace Sim.Core.Tests.Stack;

public class RunKeepingFinishedTests
{
    private static Sim.Scenarios.StackScenario Small() =>
        Scenarios.Bare(2, Sim.Distributions.Exponential.FromMean(0.1), rate: 10, duration: 200, warmup: 10, replications: 4);

    [Fact]
    public void Uncancelled_GivesWhatRunGives()
    {
        var all = StackExperiment.Run(Small());
        var (kept, cancelled) = StackExperiment.RunKeepingFinished(Small());
        Assert.False(cancelled);
        Assert.Equal(all.Select(r => r.LatencyMeanSeconds), kept.Select(r => r.LatencyMeanSeconds));
        Assert.Equal(all.Select(r => r.ThroughputPerSecond), kept.Select(r => r.ThroughputPerSecond));
    }

    [Fact]
    public void Cancelled_AfterTheFirstReplication_KeepsExactlyIt()
    {
        var all = StackExperiment.Run(Small());
        using var cts = new CancellationTokenSource();
        var (kept, cancelled) = StackExperiment.RunKeepingFinished(Small(), maxDegreeOfParallelism: 1, cts.Token, replicationFinished: _ => cts.Cancel());
        Assert.True(cancelled);
        Assert.Equal(all[0].LatencyMeanSeconds, Assert.Single(kept).LatencyMeanSeconds);
    }

    [Fact]
    public void Cancelled_BeforeAnythingFinished_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => StackExperiment.RunKeepingFinished(Small(), cancellationToken: cts.Token));
    }
}
