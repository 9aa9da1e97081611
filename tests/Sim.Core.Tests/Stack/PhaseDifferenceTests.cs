using Sim.Core.Tests.Readme;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

public class PhaseDifferenceTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Category", "Slow")]
    public void SeedStackPhases_PairedIntervals_AreNarrowerThanUnpaired()
    {
        // Phases share the scenario seed, so replication r of each draws the same think times, classes,
        // sizes and cache draws: the two runs move together, and the paired difference is sharper.
        // Asserted for throughput and CPU on every one of the seven transitions (measured: paired
        // half-widths 1.08× to 113× narrower). Latency differences are printed but not asserted: with six
        // replications the paired t has 5 degrees of freedom against Welch's ≈ 10, and on four of the
        // 14 latency comparisons (e.g. gunicorn-workers → db-pooling, mean ±1.03 paired vs ±0.84
        // unpaired) the weaker correlation does not pay for that.
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios", "seed-stack.json");
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(path, ["run.duration=300s", "run.warmup=60s", "run.replications=6"]);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        var runs = loaded.Phases.ToDictionary(p => p.Name, p => StackExperiment.Run(p.Scenario));
        var names = loaded.Phases.Select(p => p.Name).ToArray();
        foreach (var (before, after) in names.Zip(names.Skip(1)))
        {
            foreach (string metric in new[] { "throughputPerSecond", "cpuUtilization", "latencyMs.mean", "latencyMs.p95" })
            {
                PhaseDifference d = PhaseDifference.Compare(runs[before], runs[after], StackMetrics.Get(metric));
                output.WriteLine($"{before} → {after} {metric}: {d.Difference:G4} ± {d.PairedCi95:G3} paired, ± {d.UnpairedCi95:G3} unpaired");
                if (metric is "throughputPerSecond" or "cpuUtilization")
                    Assert.True(d.PairedCi95 < d.UnpairedCi95, $"{before} → {after} {metric}: paired ±{d.PairedCi95} not narrower than unpaired ±{d.UnpairedCi95}");
            }
        }
    }

    [Fact]
    public void Compare_RejectsUnequalReplicationCounts()
    {
        StackScenario s = Scenarios.Bare(2, Sim.Distributions.Exponential.FromMean(0.1), rate: 5, duration: 50, warmup: 5, replications: 2);
        var a = StackExperiment.Run(s);
        var b = StackExperiment.Run(s with { Run = s.Run with { Replications = 3 } });
        Assert.Equal("after", Assert.Throws<ArgumentException>(() => PhaseDifference.Compare(a, b, StackMetrics.Get("latencyMs.mean"))).ParamName);
    }

    [Fact]
    public void LatencyPercentiles_CarryTheHistogramResolution_ExactMetricsDoNot()
    {
        // Replications whose p95 land in one histogram bucket must not read "± 0": each is within α of
        // its exact value, off in the same direction, which the spread between them cannot show.
        StackScenario s = Scenarios.Bare(2, Sim.Distributions.Exponential.FromMean(0.1), rate: 5, duration: 100, warmup: 10, replications: 4);
        var runs = StackExperiment.Run(s);
        var faster = StackExperiment.Run(s with { Load = s.Load with { Open = s.Load.Open! with { RatePerSecond = 4 } } });
        StackSummary summary = StackSummary.From(runs);
        const double alpha = Sim.Statistics.LatencyHistogram.DefaultRelativeAccuracy;
        foreach (StackMetric metric in StackMetrics.All)
        {
            double[] values = runs.Select(metric.Value).ToArray();
            double[] after = faster.Select(metric.Value).ToArray();
            if (!values.Concat(after).All(double.IsFinite)) continue; // metrics this bare stack has no value for
            var raw = Sim.Statistics.ConfidenceInterval.FromSamples(values);
            bool percentile = metric.Name is "latencyMs.p50" or "latencyMs.p90" or "latencyMs.p95" or "latencyMs.p99" or "latencyMs.p999";
            Assert.Equal(percentile ? alpha : 0, metric.RelativeResolution);
            Assert.Equal(raw.HalfWidth + (percentile ? alpha * Math.Abs(raw.Mean) : 0), summary[metric.Name].Ci95, 9);

            PhaseDifference d = PhaseDifference.Compare(runs, faster, metric);
            var paired = Sim.Statistics.ConfidenceInterval.PairedDifference(after, values);
            double bias = percentile ? alpha * (Math.Abs(values.Average()) + Math.Abs(after.Average())) : 0;
            Assert.Equal(paired.HalfWidth + bias, d.PairedCi95, 9);
        }
    }
}
