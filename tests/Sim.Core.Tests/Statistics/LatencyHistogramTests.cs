using FsCheck;
using FsCheck.Xunit;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class LatencyHistogramTests
{
    private const double Alpha = 0.005;

    // The bound is α exactly in real arithmetic; log/pow rounding can add a few ulps at bucket edges.
    private const double RoundingSlack = 1e-12;

    /// <summary>Three shapes: log-uniform over 1 µs … 1000 s, exponential (mean 50 ms), and heavy duplicates.</summary>
    private static double[] Sample(int seed, int n, int shape)
    {
        var r = new StreamFactory((ulong)seed).Create("histogram", shape);
        var xs = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = shape switch
            {
                0 => Math.Pow(10.0, -6.0 + 9.0 * r.NextDouble()),
                1 => -0.05 * Math.Log(r.NextOpenDouble()),
                _ => new[] { 0.001, 0.0123, 0.2, 0.2, 3.5 }[r.NextInt(5)],
            };
        }
        return xs;
    }

    private static double ExactQuantile(double[] sorted, double q)
    {
        if (q == 0.0) return sorted[0];
        long rank = (long)Math.Ceiling(q * sorted.Length);
        rank = Math.Clamp(rank, 1, sorted.Length);
        return sorted[rank - 1];
    }

    private static readonly double[] Levels = { 0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0 };

    [Property(MaxTest = 200)]
    public void Quantile_IsWithinRelativeAccuracyOfExactOrderStatistic(int seed, PositiveInt size, NonNegativeInt shape)
    {
        int n = size.Get % 3000 + 1;
        var xs = Sample(seed, n, shape.Get % 3);
        var h = new LatencyHistogram(Alpha);
        foreach (double x in xs) h.Record(x);
        Array.Sort(xs);

        var r = new StreamFactory((ulong)seed).Create("levels", 0);
        var levels = new List<double>(Levels);
        for (int i = 0; i < 20; i++) levels.Add(r.NextDouble());
        foreach (double q in levels)
        {
            double exact = ExactQuantile(xs, q);
            double estimate = h.Quantile(q);
            Assert.True(Math.Abs(estimate - exact) <= (Alpha + RoundingSlack) * exact,
                $"q={q}: estimate {estimate} vs exact {exact} (n={n})");
            Assert.InRange(estimate, h.Min, h.Max);
        }
    }

    [Property(MaxTest = 100)]
    public void Quantile_IsMonotoneInQ(int seed, PositiveInt size)
    {
        var xs = Sample(seed, size.Get % 2000 + 1, 0);
        var h = new LatencyHistogram();
        foreach (double x in xs) h.Record(x);
        double previous = double.NegativeInfinity;
        for (int i = 0; i <= 1000; i++)
        {
            double v = h.Quantile(i / 1000.0);
            Assert.True(v >= previous, $"Quantile({i / 1000.0}) = {v} < {previous}");
            previous = v;
        }
    }

    private static LatencyHistogram Of(double[] xs)
    {
        var h = new LatencyHistogram(Alpha);
        foreach (double x in xs) h.Record(x);
        return h;
    }

    private static void AssertSameBuckets(LatencyHistogram expected, LatencyHistogram actual)
    {
        Assert.Equal(expected.Buckets().ToArray(), actual.Buckets().ToArray());
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
    }

    [Property(MaxTest = 100)]
    public void Merge_IsAssociativeAndEqualsHistogramOfUnion(int seed, PositiveInt na, PositiveInt nb, PositiveInt nc)
    {
        var a = Sample(seed, na.Get % 500 + 1, 0);
        var b = Sample(seed + 1, nb.Get % 500 + 1, 1);
        var c = Sample(seed + 2, nc.Get % 500 + 1, 2);

        var left = Of(a); left.Merge(Of(b)); left.Merge(Of(c));        // (a ∪ b) ∪ c
        var bc = Of(b); bc.Merge(Of(c));
        var right = Of(a); right.Merge(bc);                              // a ∪ (b ∪ c)
        var union = Of(a.Concat(b).Concat(c).ToArray());

        AssertSameBuckets(union, left);
        AssertSameBuckets(union, right);
        foreach (double q in Levels) Assert.Equal(union.Quantile(q), left.Quantile(q));
    }

    [Fact]
    public void Memory_DoesNotGrowWithCount()
    {
        var h = new LatencyHistogram();
        int capacity = h.BucketCapacity;
        var r = new StreamFactory(7).Create("memory", 0);
        for (int i = 0; i < 1_000_000; i++) h.Record(-0.1 * Math.Log(r.NextOpenDouble()));
        h.Record(1e9); // beyond the trackable range: clamped, not a new bucket
        Assert.Equal(capacity, h.BucketCapacity);
        Assert.Equal(1_000_001, h.Count);
        // ⌈ln(10¹⁵)/ln γ⌉ + 2 buckets for α = 0.005: 1 ns … 1e6 s.
        double gamma = (1 + Alpha) / (1 - Alpha);
        Assert.InRange(capacity, Math.Log(1e15) / Math.Log(gamma), Math.Log(1e15) / Math.Log(gamma) + 3);
    }

    [Fact]
    public void ZeroAndSubNanosecondValues_GoToZeroBucket()
    {
        var h = new LatencyHistogram();
        h.Record(0.0);
        h.Record(5e-10);
        h.Record(0.010);
        Assert.Equal(0.0, h.Min);
        Assert.Equal(0.0, h.Quantile(0.5)); // rank 2 of 3 is 5e-10, reported within 1 ns
        var first = h.Buckets().First();
        Assert.Equal((0.0, LatencyHistogram.MinTrackableValue, 2L), first);
    }

    [Fact]
    public void HugeValues_KeepExactMax()
    {
        var h = new LatencyHistogram();
        h.Record(1.0);
        h.Record(5e7);
        Assert.Equal(5e7, h.Max);
        Assert.Equal(5e7, h.Quantile(1.0));
        Assert.InRange(h.Quantile(0.99), 1.0, 5e7);
    }

    [Fact]
    public void RecordWithCount_EqualsRepeatedRecord()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(0.25, 3);
        a.Record(0.5, 0);
        for (int i = 0; i < 3; i++) b.Record(0.25);
        AssertSameBuckets(b, a);
        Assert.Equal(0.75, a.Sum);
        Assert.Equal(0.25, a.Mean);
    }

    [Fact]
    public void Buckets_CoverLogIntervalsAndSumToCount()
    {
        var h = Of(Sample(3, 5000, 0));
        double gamma = (1 + Alpha) / (1 - Alpha);
        long total = 0;
        double previousUpper = 0.0;
        foreach (var (lower, upper, count) in h.Buckets())
        {
            Assert.True(count > 0);
            Assert.True(lower >= previousUpper * (1 - 1e-12));
            Assert.Equal(gamma, upper / lower, 12);
            total += count;
            previousUpper = upper;
        }
        Assert.Equal(h.Count, total);
    }

    [Fact]
    public void CumulativeFraction_IsWithinOneBucketOfExact()
    {
        var xs = Sample(11, 4000, 1);
        var h = Of(xs);
        Array.Sort(xs);
        double gamma = (1 + Alpha) / (1 - Alpha);
        double Exact(double v) => (double)xs.Count(x => x <= v) / xs.Length;
        foreach (double v in new[] { 1e-4, 0.001, 0.01, 0.03, 0.05, 0.1, 0.2, 0.5 })
        {
            double f = h.CumulativeFraction(v);
            // The whole bucket containing v counts, and that bucket ends below v·γ.
            Assert.InRange(f, Exact(v), Exact(v * gamma));
        }
        Assert.Equal(0.0, h.CumulativeFraction(xs[0] / 2));
        Assert.Equal(1.0, h.CumulativeFraction(xs[^1]));
    }

    [Fact]
    public void Clone_IsIndependent_And_Reset_Empties()
    {
        var h = Of(new[] { 0.1, 0.2, 0.3 });
        var copy = h.Clone();
        h.Record(9.0);
        Assert.Equal(3, copy.Count);
        Assert.Equal(0.3, copy.Max);
        h.Reset();
        Assert.Equal(0, h.Count);
        Assert.Empty(h.Buckets());
        Assert.True(double.IsNaN(h.Quantile(0.5)));
        Assert.True(double.IsNaN(h.Mean));
        Assert.True(double.IsNaN(h.CumulativeFraction(1.0)));
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        var h = new LatencyHistogram();
        foreach (double bad in new[] { double.NaN, -1e-3, double.PositiveInfinity })
            Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => h.Record(bad)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => h.Record(1.0, -1)).ParamName);
        foreach (double bad in new[] { double.NaN, -0.1, 1.01 })
            Assert.Equal("q", Assert.Throws<ArgumentOutOfRangeException>(() => h.Quantile(bad)).ParamName);
        foreach (double bad in new[] { 0.0, double.NaN, 0.5, -0.01 })
            Assert.Equal("relativeAccuracy", Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram(bad)).ParamName);
        Assert.Equal("other", Assert.Throws<ArgumentException>(() => h.Merge(new LatencyHistogram(0.01))).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => h.CumulativeFraction(double.NaN)).ParamName);
        Assert.Equal(0, h.Count);
    }
}
