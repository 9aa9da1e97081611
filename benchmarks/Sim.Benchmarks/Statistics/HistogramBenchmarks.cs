using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Benchmarks.Statistics;

/// <summary>
/// The latency histogram's hot paths against in-run baselines. Recording 1,000,000 latencies (log-normal,
/// median 50 ms, the shape of a web tier) is compared with a Welford <see cref="Tally"/> over the same
/// values — the cheapest useful statistic, so the ratio is what percentiles cost over a mean. Quantiles
/// and merge (what a report does per replication) are compared with the exact way: sorting the raw samples.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HistogramBenchmarks
{
    private const int Values = 1_000_000;
    private double[] _values = null!;
    private LatencyHistogram _a = null!, _b = null!;

    /// <summary>Draws the values once, and fills two histograms for the query and merge benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new RandomStream(2026);
        _values = new double[Values];
        for (int i = 0; i < Values; i++) _values[i] = 0.05 * Math.Exp(0.8 * Normal(rng));
        _a = new LatencyHistogram();
        _b = new LatencyHistogram();
        for (int i = 0; i < Values; i++)
        {
            (i % 2 == 0 ? _a : _b).Record(_values[i]);
        }
    }

    private static double Normal(RandomStream rng)
    {
        double u = 1 - rng.NextDouble(), v = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Baseline: a Welford tally over the 1,000,000 values.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Values)]
    [BenchmarkCategory("record")]
    public double TallyAdd()
    {
        var t = new Tally();
        foreach (double v in _values) t.Add(v);
        return t.Mean;
    }

    /// <summary>The same values into a fresh histogram (0.5 % relative accuracy).</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    [BenchmarkCategory("record")]
    public double HistogramRecord()
    {
        var h = new LatencyHistogram();
        foreach (double v in _values) h.Record(v);
        return h.Count;
    }

    /// <summary>p50, p95, p99 and p99.9 of a 500,000-value histogram.</summary>
    [Benchmark]
    [BenchmarkCategory("query")]
    public double HistogramQuantiles() => _a.Quantile(0.5) + _a.Quantile(0.95) + _a.Quantile(0.99) + _a.Quantile(0.999);

    /// <summary>Clone one histogram and merge the other into it (combining replications).</summary>
    [Benchmark]
    [BenchmarkCategory("query")]
    public long HistogramCloneAndMerge()
    {
        LatencyHistogram merged = _a.Clone();
        merged.Merge(_b);
        return merged.Count;
    }

    /// <summary>
    /// Baseline of the query group: the exact way — the same four quantiles of one replication's 500,000 raw
    /// latencies, copied and sorted (what a tool that keeps every sample does per report).
    /// </summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("query")]
    public double ExactQuantilesBySorting()
    {
        double[] sorted = new double[Values / 2];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = _values[2 * i];
        Array.Sort(sorted);
        double At(double q) => sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
        return At(0.5) + At(0.95) + At(0.99) + At(0.999);
    }
}
