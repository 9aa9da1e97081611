using MathNet.Numerics.Distributions;
using Sim.Components;
using Sim.Randomness;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Components;

/// <summary>
/// <see cref="ZipfSampler"/> against its exact law. Frequencies: a chi-square goodness-of-fit test per
/// (s, N) over the top 50 ranks (grouped in buckets of w ranks when single ranks would expect fewer
/// than 10 draws) plus one tail bucket, df = 50, at α = 0.001 per case, so the eight cases together
/// have a false-alarm probability ≤ 0.8 % (Bonferroni); seeds are fixed, so CI is deterministic.
/// 10⁶ draws per case detect a relative error of ≈ 1 % in one top rank's probability.
/// </summary>
public class ZipfSamplerTests(ITestOutputHelper output)
{
    private const int Draws = 1_000_000;

    [Theory]
    [InlineData(0.0, 100)]
    [InlineData(0.8, 100)]
    [InlineData(1.0, 100)]
    [InlineData(1.3, 100)]
    [InlineData(0.0, 1_000_000)]
    [InlineData(0.8, 1_000_000)]
    [InlineData(1.0, 1_000_000)]
    [InlineData(1.3, 1_000_000)]
    public void Frequencies_MatchExactProbabilities_ChiSquare(double s, int n)
    {
        var zipf = new ZipfSampler(n, s);
        const int buckets = 50;
        int width = 1;
        while ((long)buckets * width < n && Draws * BucketProbability(zipf, buckets - 1, width) < 10) width *= 10;
        int covered = (int)Math.Min((long)buckets * width, n);
        int bins = covered < n ? buckets + 1 : (covered + width - 1) / width;

        var expected = new double[bins];
        double head = 0;
        for (int b = 0; b < bins && (long)b * width < covered; b++)
        {
            expected[b] = BucketProbability(zipf, b, width);
            head += expected[b];
        }
        if (covered < n) expected[bins - 1] = 1 - head;

        var observed = new long[bins];
        var random = new RandomStream(0xC0FFEE + (ulong)(s * 100) + (ulong)n);
        for (int i = 0; i < Draws; i++)
        {
            int k = zipf.Sample(random);
            Assert.InRange(k, 1, n);
            int b = k <= covered ? (k - 1) / width : bins - 1;
            observed[b]++;
        }

        double chi2 = 0;
        for (int b = 0; b < bins; b++)
        {
            double e = expected[b] * Draws;
            chi2 += (observed[b] - e) * (observed[b] - e) / e;
        }
        int df = bins - 1;
        double critical = ChiSquared.InvCDF(df, 1 - 0.001);
        output.WriteLine($"s={s} N={n}: width {width}, {bins} bins, chi2 {chi2:F1} (df {df}, critical {critical:F1})");
        Assert.True(chi2 < critical, $"chi2 {chi2:F1} ≥ {critical:F1} (df {df})");
    }

    private static double BucketProbability(ZipfSampler zipf, int bucket, int width)
    {
        double p = 0;
        long first = (long)bucket * width + 1;
        for (long k = first; k < first + width && k <= zipf.Ranks; k++) p += zipf.Probability((int)k);
        return p;
    }

    /// <summary>Mean rank for N = 100 against the exact mean, computed here by direct sums; tolerance 4 standard errors (two-sided p ≈ 6·10⁻⁵ per case).</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.8)]
    [InlineData(1.0)]
    [InlineData(1.3)]
    public void MeanRank_MatchesExact(double s)
    {
        const int n = 100;
        double z = 0, m1 = 0, m2 = 0;
        for (int k = n; k >= 1; k--)
        {
            double w = Math.Pow(k, -s);
            z += w; m1 += k * w; m2 += (double)k * k * w;
        }
        double mean = m1 / z, sd = Math.Sqrt(m2 / z - mean * mean);
        var zipf = new ZipfSampler(n, s);
        Assert.Equal(mean, zipf.MeanRank, 1e-12 * mean);

        var random = new RandomStream(42);
        double sum = 0;
        for (int i = 0; i < Draws; i++) sum += zipf.Sample(random);
        double sample = sum / Draws, se = sd / Math.Sqrt(Draws);
        output.WriteLine($"s={s}: mean rank {sample:F4}, exact {mean:F4}, |diff| = {Math.Abs(sample - mean) / se:F2} SE");
        Assert.True(Math.Abs(sample - mean) <= 4 * se, $"{sample} vs {mean}, SE {se}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(1.3)]
    [InlineData(2.0)]
    public void GeneralizedHarmonic_EulerMaclaurin_MatchesExactSum(double s)
    {
        const long n = 3_000_000; // beyond the exact-sum limit of 10⁶
        double exact = 0;
        for (long k = n; k >= 1; k--) exact += Math.Pow(k, -s);
        double em = ZipfSampler.GeneralizedHarmonic(n, s);
        Assert.True(Math.Abs(em - exact) <= 1e-13 * exact, $"{em:R} vs {exact:R}");
    }

    [Fact]
    public void GeneralizedHarmonic_KnownValues()
    {
        Assert.Equal(0, ZipfSampler.GeneralizedHarmonic(0, 1));
        Assert.Equal(1e8, ZipfSampler.GeneralizedHarmonic(100_000_000, 0), 1e-6);
        Assert.Equal(5000050000.0, ZipfSampler.GeneralizedHarmonic(100_000, -1), 1e-3);
        // H(n, 1) = ln n + γ + 1/(2n) − 1/(12n²) + O(n⁻⁴).
        const double gamma = 0.57721566490153286;
        double n = 1e8;
        Assert.Equal(Math.Log(n) + gamma + 1 / (2 * n) - 1 / (12 * n * n), ZipfSampler.GeneralizedHarmonic(100_000_000, 1), 1e-12);
        // H(n, 2) = π²/6 − 1/n + 1/(2n²) − …
        Assert.Equal(Math.PI * Math.PI / 6 - 1 / n + 1 / (2 * n * n), ZipfSampler.GeneralizedHarmonic(100_000_000, 2), 1e-14);
    }

    [Fact]
    public void Probabilities_SumToOne_AndDecrease()
    {
        var zipf = new ZipfSampler(1000, 0.9);
        double sum = 0;
        for (int k = 1000; k >= 1; k--) sum += zipf.Probability(k);
        Assert.Equal(1.0, sum, 1e-13);
        for (int k = 2; k <= 1000; k++) Assert.True(zipf.Probability(k) < zipf.Probability(k - 1));
    }

    [Fact]
    public void HugeKeySpace_SamplesInRange_WithoutATable()
    {
        var zipf = new ZipfSampler(100_000_000, 1.0);
        var random = new RandomStream(7);
        long ones = 0;
        const int draws = 200_000;
        for (int i = 0; i < draws; i++)
        {
            int k = zipf.Sample(random);
            Assert.InRange(k, 1, 100_000_000);
            if (k == 1) ones++;
        }
        double p1 = zipf.Probability(1); // ≈ 1/19.0
        double se = Math.Sqrt(p1 * (1 - p1) / draws);
        Assert.True(Math.Abs((double)ones / draws - p1) <= 4 * se, $"{(double)ones / draws} vs {p1}");
    }

    [Fact]
    public void SingleRank_AlwaysOne()
    {
        var zipf = new ZipfSampler(1, 1.0);
        var random = new RandomStream(1);
        for (int i = 0; i < 1000; i++) Assert.Equal(1, zipf.Sample(random));
        Assert.Equal(1.0, zipf.Probability(1));
    }

    [Fact]
    public void SameSeed_SameSequence_DifferentSeed_Different()
    {
        var zipf = new ZipfSampler(1_000_000, 0.8);
        RandomStream a = new(99), b = new(99), c = new(100);
        bool differs = false;
        for (int i = 0; i < 1000; i++)
        {
            int x = zipf.Sample(a);
            Assert.Equal(x, zipf.Sample(b));
            differs |= x != zipf.Sample(c);
        }
        Assert.True(differs);
    }

    [Fact]
    public void Guards()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(-5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(ZipfSampler.MaxRanks + 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(10, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(10, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(10, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(10, 51));
        var zipf = new ZipfSampler(10, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => zipf.Probability(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => zipf.Probability(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZipfSampler.GeneralizedHarmonic(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ZipfSampler.GeneralizedHarmonic(10, double.NaN));
    }
}
