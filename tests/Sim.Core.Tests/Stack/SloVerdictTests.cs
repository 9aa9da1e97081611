using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

public class SloVerdictTests
{
    private static readonly StackReplicationResult[] Runs =
        StackExperiment.Run(Scenarios.Bare(1, Exponential.FromMean(0.1), rate: 5, duration: 500, warmup: 10, replications: 2));

    private static double P(double q) => Runs.Average(r => r.LatencyHistogram.Quantile(q));

    [Fact]
    public void EveryLatencyClause_MustHold()
    {
        var slo = new SloSpec(0.5, 10, 1); // the median: met
        Assert.True(SloVerdict.Judge(slo, Runs).Met);
        SloVerdict both = SloVerdict.Judge(slo, Runs, [new LatencyObjective(0.99, P(0.99) / 2)]);
        Assert.False(both.Met);
        Assert.False(both.LatencyMet);
        Assert.True(both.LatencySeconds <= slo.LatencyLimit);
        LatencyObjectiveVerdict p99 = Assert.Single(both.MoreLatency);
        Assert.False(p99.Met);
        Assert.Equal(P(0.99), p99.LatencySeconds, 12);
        Assert.Matches(@"^SLO violated: p50 [\d.]+ ms ≤ 10000 ms, p99 [\d.]+ ms > [\d.]+ ms \(failed\), errors 0\.00 % ≤ 100\.00 %$", both.Describe());
        Assert.True(SloVerdict.Judge(slo, Runs, [new LatencyObjective(0.99, 2 * P(0.99))]).Met);
    }
}
