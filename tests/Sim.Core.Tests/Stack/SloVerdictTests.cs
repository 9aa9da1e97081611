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
        var slo = new SloSpec { LatencyQuantile = 0.5, LatencyLimitSeconds = 10, MaxErrorRate = 1 }; // the median: met
        Assert.True(SloVerdict.Judge(slo, Runs).Met);
        SloVerdict both = SloVerdict.Judge(slo, Runs, [new LatencyObjective(0.99, P(0.99) / 2)]);
        Assert.False(both.Met);
        Assert.False(both.LatencyMet);
        Assert.True(both.LatencySeconds <= slo.LatencyLimitSeconds);
        LatencyObjectiveVerdict p99 = Assert.Single(both.MoreLatency);
        Assert.False(p99.Met);
        Assert.Equal(P(0.99), p99.LatencySeconds, 12);
        Assert.Matches(@"^SLO violated: p50 [\d.]+ ms ≤ 10000 ms, p99 [\d.]+ ms > [\d.]+ ms \(failed\), errors 0\.00 % ≤ 100\.00 %$", both.Describe());
        Assert.True(SloVerdict.Judge(slo, Runs, [new LatencyObjective(0.99, 2 * P(0.99))]).Met);
    }

    [Theory]
    [InlineData(0.95, "p95")]
    [InlineData(0.999, "p99.9")]
    [InlineData(0.5, "p50")]
    [InlineData(0.9999999999999, "p99.99999999999")] // was "p100"
    public void AQuantile_IsNamedWithItsDigits(double quantile, string name)
    {
        Assert.Equal(name, LatencyObjective.QuantileName(quantile));
        Assert.Equal(name, new LatencyObjective(quantile, 1).Name);
    }

    [Fact]
    public void AQuantileJustBelowOne_IsNeverNamedP100()
        => Assert.NotEqual("p100", LatencyObjective.QuantileName(1 - 1e-15));
}
