using Sim.Analytic;
using Sim.Distributions;
using Sim.Models;
using Sim.Statistics;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Validation;

/// <summary>
/// Do the 95 % intervals mean what they say? 200 independent experiments on a model with a known
/// answer (M/M/4 at ρ = 0.8, Wq from Erlang C), each with 10 replications; the share of intervals
/// that contain the true Wq must be compatible with 95 %.
/// </summary>
[Trait("Category", "Slow")]
public class CoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void Intervals_AchieveTheirNominalCoverage()
    {
        // With 200 experiments and true coverage 95 %, the number of hits is Binomial(200, 0.95):
        // mean 190, sd 3.1; [180, 198] holds it with probability ≈ 0.997 (normal approximation),
        // while intervals too narrow by a third (coverage ≈ 83 %) fall below 180 with probability ≈ 0.99.
        // Measured: 188 of 200.
        // Runs are long (10,000 s after 1,000 s warm-up, ≈ 32,000 customers) so the initial-state
        // bias is negligible against the interval width.
        MMcResult theory = MMc.Compute(3.2, 1.0, 4);
        var config = new QueueConfig(Exponential.FromRate(3.2), Exponential.FromMean(1), 4, int.MaxValue, 1_000, 10_000);
        int[] hits = Replications.Run(200, experiment =>
        {
            var waits = new double[10];
            for (int r = 0; r < 10; r++) waits[r] = QueueExperiment.RunOne(config, seed: 7_000UL + (ulong)experiment, replication: r).MeanWait;
            return ConfidenceInterval.FromSamples(waits).Contains(theory.Wq) ? 1 : 0;
        });
        int covered = hits.Sum();
        output.WriteLine($"{covered} of 200 intervals contain Wq = {theory.Wq:G6} s ({covered / 2.0:F1} %)");
        Assert.InRange(covered, 180, 198);
    }
}
