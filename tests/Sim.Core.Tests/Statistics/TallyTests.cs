using FsCheck;
using FsCheck.Xunit;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class TallyTests
{
    private static double[] Sample(int seed, int n)
    {
        // Offset data (mean ≫ spread) is where a naive sum-of-squares variance fails.
        var r = new StreamFactory((ulong)seed).Create("tally", 0);
        double offset = (r.NextDouble() - 0.5) * 2000.0;
        double scale = Math.Pow(10.0, r.NextDouble() * 6.0 - 3.0);
        var xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = scale * (offset + r.NextDouble() - 0.5);
        return xs;
    }

    private static (double mean, double variance) TwoPass(ReadOnlySpan<double> xs)
    {
        double s = 0.0;
        foreach (double x in xs) s += x;
        double mean = s / xs.Length;
        double ss = 0.0;
        foreach (double x in xs) ss += (x - mean) * (x - mean);
        return (mean, xs.Length > 1 ? ss / (xs.Length - 1) : 0.0);
    }

    /// <summary>
    /// Rounding bound for either algorithm: about n·ε·κ relative, κ = 1 + mean²/variance the condition
    /// number of the variance (Chan, Golub and LeVeque 1983); a factor 10 covers the constants.
    /// </summary>
    private static double VarianceTolerance(int n, double mean, double variance) =>
        10.0 * n * 2.220446049250313e-16 * (1.0 + mean * mean / variance) * variance;

    [Property(MaxTest = 200)]
    public void Add_MatchesTwoPassMeanAndVariance(int seed, PositiveInt size)
    {
        int n = 2 + size.Get % 1000;
        var xs = Sample(seed, n);
        var t = new Tally();
        foreach (double x in xs) t.Add(x);
        var (mean, variance) = TwoPass(xs);

        Assert.Equal(n, t.Count);
        double maxAbs = Math.Max(Math.Abs(t.Min), Math.Abs(t.Max));
        Assert.True(Math.Abs(t.Mean - mean) <= 4.0 * n * 2.220446049250313e-16 * maxAbs, $"mean {t.Mean} vs {mean}");
        Assert.True(Math.Abs(t.Variance - variance) <= VarianceTolerance(n, mean, variance), $"variance {t.Variance} vs {variance}");
        Assert.Equal(Math.Sqrt(t.Variance), t.StandardDeviation);
        double min = double.MaxValue, max = double.MinValue;
        foreach (double x in xs) { min = Math.Min(min, x); max = Math.Max(max, x); }
        Assert.Equal(min, t.Min);
        Assert.Equal(max, t.Max);
    }

    [Property(MaxTest = 200)]
    public void Merge_EqualsTallyOfConcatenation(int seed, PositiveInt size, NonNegativeInt split)
    {
        int n = 1 + size.Get % 1000;
        int k = split.Get % (n + 1);
        var xs = Sample(seed, n);
        Tally a = new(), b = new(), all = new();
        for (int i = 0; i < n; i++)
        {
            if (i < k) a.Add(xs[i]); else b.Add(xs[i]);
            all.Add(xs[i]);
        }
        var merged = Tally.Merge(in a, in b);

        Assert.Equal(all.Count, merged.Count);
        Assert.Equal(all.Min, merged.Min);
        Assert.Equal(all.Max, merged.Max);
        double maxAbs = Math.Max(Math.Abs(all.Min), Math.Abs(all.Max));
        Assert.True(Math.Abs(all.Mean - merged.Mean) <= 4.0 * n * 2.220446049250313e-16 * maxAbs);
        if (n > 1)
            Assert.True(Math.Abs(all.Variance - merged.Variance) <= VarianceTolerance(n, all.Mean, all.Variance));

        a.Merge(in b); // the instance form gives the same result
        Assert.Equal(merged, a);
    }

    [Fact]
    public void Empty_HasNaNStatisticsAndZeroSum()
    {
        var t = default(Tally);
        Assert.Equal(0, t.Count);
        Assert.True(double.IsNaN(t.Mean));
        Assert.True(double.IsNaN(t.Variance));
        Assert.True(double.IsNaN(t.Min));
        Assert.True(double.IsNaN(t.Max));
        Assert.Equal(0.0, t.Sum);
    }

    [Fact]
    public void OneObservation_HasZeroVariance()
    {
        var t = new Tally();
        t.Add(-4.5);
        Assert.Equal(-4.5, t.Mean);
        Assert.Equal(0.0, t.Variance);
        Assert.Equal(-4.5, t.Min);
        Assert.Equal(-4.5, t.Max);
    }

    [Fact]
    public void HandWorked_Values()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − x̄)² = 32, sample variance 32/7.
        var t = new Tally();
        foreach (double x in new double[] { 2, 4, 4, 4, 5, 5, 7, 9 }) t.Add(x);
        Assert.Equal(5.0, t.Mean, 14);
        Assert.Equal(32.0 / 7.0, t.Variance, 14);
        Assert.Equal(40.0, t.Sum);
    }

    [Fact]
    public void Merge_WithEmpty_ReturnsTheOther()
    {
        var a = new Tally();
        a.Add(1); a.Add(3);
        Assert.Equal(a, Tally.Merge(in a, default));
        Assert.Equal(a, Tally.Merge(default, in a));
    }

    [Fact]
    public void Reset_Empties()
    {
        var t = new Tally();
        t.Add(1); t.Add(2);
        t.Reset();
        Assert.Equal(0, t.Count);
        Assert.Equal(0.0, t.Sum);
    }

    private sealed class Holder
    {
        public Tally Latency;
    }

    [Fact]
    public void AsClassField_AccumulatesInPlace()
    {
        var h = new Holder();
        h.Latency.Add(1.0);
        h.Latency.Add(3.0);
        Assert.Equal(2, h.Latency.Count);
        Assert.Equal(2.0, h.Latency.Mean);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Add_NonFinite_Throws(double x)
    {
        var t = new Tally();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => t.Add(x));
        Assert.Equal("x", e.ParamName);
        Assert.Equal(0, t.Count);
    }
}
