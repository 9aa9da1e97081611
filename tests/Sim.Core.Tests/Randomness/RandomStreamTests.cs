using Sim.Randomness;

namespace Sim.Core.Tests.Randomness;

public class RandomStreamTests
{
    [Fact]
    public void Xoshiro256StarStar_MatchesTheReferenceImplementation()
    {
        // Reference values: the authors' C code (xoshiro256starstar.c) from state {1, 2, 3, 4}.
        var r = new RandomStream(1, 2, 3, 4);
        Assert.Equal(11520UL, r.NextUInt64());
        Assert.Equal(0UL, r.NextUInt64());
        Assert.Equal(1509978240UL, r.NextUInt64());
        Assert.Equal(1215971899390074240UL, r.NextUInt64());
    }

    [Fact]
    public void SplitMix64_MatchesTheReferenceImplementation()
    {
        // Reference: splitmix64.c from seed 0.
        ulong x = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref x));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref x));
        Assert.Equal(0x06C45D188009454FUL, SplitMix64.Next(ref x));
    }

    [Fact]
    public void SeededStream_IsAStableContract()
    {
        // Seed 12345 → state = four SplitMix64 outputs → these xoshiro256** outputs. If this changes,
        // every published result changes: that needs a major version, not a silent edit.
        var r = new RandomStream(12345);
        Assert.Equal(0xBE6A36374160D49BUL, r.NextUInt64());
        Assert.Equal(0x214AAA0637A688C6UL, r.NextUInt64());
        Assert.Equal(0xF69D16DE9954D388UL, r.NextUInt64());
    }

    [Fact]
    public void NextDouble_UsesTheTop53Bits()
    {
        var a = new RandomStream(99);
        var b = new RandomStream(99);
        for (int i = 0; i < 1000; i++)
        {
            double expected = (a.NextUInt64() >> 11) * (1.0 / (1UL << 53));
            Assert.Equal(expected, b.NextDouble());
        }
    }

    [Fact]
    public void NextOpenDouble_IsStrictlyInsideTheUnitInterval()
    {
        // By construction (k + 0.5)·2^-53 lies in [2^-54, 1 − 2^-54]; check the extremes of a long run too.
        var r = new RandomStream(5);
        double min = 1, max = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            double u = r.NextOpenDouble();
            min = Math.Min(min, u);
            max = Math.Max(max, u);
        }
        Assert.True(min > 0);
        Assert.True(max < 1);
    }

    [Fact]
    public void NextDouble_IsUniform_KolmogorovSmirnov()
    {
        // n = 100,000; the KS critical value at α = 0.001 is 1.949/√n ≈ 0.00616.
        const int n = 100_000;
        var r = new RandomStream(2024);
        var u = new double[n];
        for (int i = 0; i < n; i++) u[i] = r.NextDouble();
        Array.Sort(u);
        double d = 0;
        for (int i = 0; i < n; i++) d = Math.Max(d, Math.Max((i + 1.0) / n - u[i], u[i] - (double)i / n));
        Assert.True(d < 1.949 / Math.Sqrt(n), $"D = {d}");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void NextInt_IsUnbiased_ChiSquare(int n)
    {
        // 200 expected per cell; χ² with n−1 degrees of freedom compared at α = 0.001 through the
        // Wilson–Hilferty normal approximation (z = 3.09), accurate for df ≥ 2.
        int draws = 200 * n;
        var counts = new int[n];
        var r = new RandomStream((ulong)n);
        for (int i = 0; i < draws; i++) counts[r.NextInt(n)]++;
        double expected = draws / (double)n;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        int df = n - 1;
        double critical = df * Math.Pow(1 - 2.0 / (9 * df) + 3.09 * Math.Sqrt(2.0 / (9 * df)), 3);
        Assert.True(chi2 < critical, $"χ² = {chi2}, critical {critical}");
    }

    [Fact]
    public void NextInt_RejectsNonPositiveBound()
    {
        var r = new RandomStream(1);
        Assert.Equal("exclusiveMax", Assert.Throws<ArgumentOutOfRangeException>(() => r.NextInt(0)).ParamName);
        Assert.Equal(0, r.NextInt(1));
    }
}
