using Sim.Components;

namespace Sim.Core.Tests.Components;

/// <summary><see cref="KeySpaceCacheTheory"/> on cases with closed forms, and its solver's residual.</summary>
public class KeySpaceCacheTheoryTests
{
    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 250)]
    [InlineData(1000, 999)]
    public void Che_UniformPopularity_IsCapacityOverKeys(int n, int c)
    {
        // p = 1/N: N(1 − e^(−T/N)) = C gives T = −N ln(1 − C/N) and h = 1 − e^(−T/N) = C/N.
        var p = KeySpaceCacheTheory.ZipfPopularity(n, 0);
        Assert.Equal(-n * Math.Log(1 - (double)c / n), KeySpaceCacheTheory.CheCharacteristicTime(p, c), 1e-9 * n);
        Assert.Equal((double)c / n, KeySpaceCacheTheory.CheLruHitRatio(p, c), 1e-12);
    }

    [Theory]
    [InlineData(0.8, 5_000)]
    [InlineData(1.0, 20_000)]
    [InlineData(1.3, 10)]
    public void Che_CharacteristicTime_SolvesTheOccupancyEquation(double s, double c)
    {
        var p = KeySpaceCacheTheory.ZipfPopularity(100_000, s);
        double t = KeySpaceCacheTheory.CheCharacteristicTime(p, c);
        double occupancy = 0;
        foreach (double pk in p) occupancy += 1 - Math.Exp(-pk * t);
        Assert.Equal(c, occupancy, 1e-9 * c);
        double h = KeySpaceCacheTheory.CheLruHitRatio(p, c);
        Assert.InRange(h, 0, 1);
        Assert.True(KeySpaceCacheTheory.CheLruHitRatio(p, c * 1.1) > h); // monotone in capacity
    }

    [Fact]
    public void Che_EdgeCases()
    {
        var p = KeySpaceCacheTheory.ZipfPopularity(100, 1);
        Assert.Equal(0, KeySpaceCacheTheory.CheLruHitRatio(p, 0));
        Assert.Equal(1, KeySpaceCacheTheory.CheLruHitRatio(p, 100), 1e-12);
        Assert.True(double.IsPositiveInfinity(KeySpaceCacheTheory.CheCharacteristicTime(p, 150)));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeySpaceCacheTheory.CheLruHitRatio(p, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeySpaceCacheTheory.CheLruHitRatio(p, double.NaN));
        Assert.Throws<ArgumentException>(() => KeySpaceCacheTheory.CheLruHitRatio(ReadOnlySpan<double>.Empty, 1));
    }

    [Fact]
    public void Ttl_UniformPopularity_IsRenewalRatio()
    {
        // One key class: x = λτ/N, h = x/(1 + x).
        double x = 100.0 * 10 / 1000;
        Assert.Equal(x / (1 + x), KeySpaceCacheTheory.TtlHitRatio(1000, 0, 100, 10), 1e-12);
        Assert.Equal(0, KeySpaceCacheTheory.TtlHitRatio(1000, 1, 100, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeySpaceCacheTheory.TtlHitRatio(10, 1, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeySpaceCacheTheory.TtlHitRatio(10, 1, 1, -1));
    }
}
