using MathNet.Numerics.Distributions;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class ConfidenceIntervalTests
{
    // Critical values t_{df, 1−(1−level)/2} from the table of upper critical values of Student's t
    // in the NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2, published to 3 decimals.
    [Theory]
    [InlineData(0.95, 9, 2.262)]
    [InlineData(0.95, 1, 12.706)]
    [InlineData(0.95, 4, 2.776)]
    [InlineData(0.99, 4, 4.604)]
    [InlineData(0.90, 20, 1.725)]
    [InlineData(0.99, 29, 2.756)]
    public void StudentTQuantile_MatchesPublishedTable(double level, int df, double published)
    {
        Assert.Equal(published, ConfidenceInterval.StudentTQuantile(level, df), 0.0005);
    }

    [Fact]
    public void FromSamples_HandWorked()
    {
        // 1, 2, 3, 4, 5: mean 3, s² = 2.5, half-width = t_{4,0.975}·√2.5/√5 = 2.776·0.70711 = 1.963
        // (t from the NIST table to 3 decimals, so the half-width is good to 0.0005·0.70711).
        var ci = ConfidenceInterval.FromSamples(new double[] { 1, 2, 3, 4, 5 });
        Assert.Equal(3.0, ci.Mean);
        Assert.Equal(2.776 * Math.Sqrt(0.5), ci.HalfWidth, 0.0005 * Math.Sqrt(0.5));
        Assert.Equal(5, ci.Count);
        Assert.Equal(0.95, ci.Level);
        Assert.Equal(ci.Mean - ci.HalfWidth, ci.Lower);
        Assert.Equal(ci.Mean + ci.HalfWidth, ci.Upper);
        Assert.Equal(ci.HalfWidth / 3.0, ci.RelativeHalfWidth);
        Assert.True(ci.Contains(1.5) && ci.Contains(4.5) && !ci.Contains(0.9));
        Assert.True(ci.HasInterval);
    }

    [Fact]
    public void OneSample_IsNoInterval()
    {
        var ci = ConfidenceInterval.FromSamples(new[] { 42.0 });
        Assert.Equal(42.0, ci.Mean);
        Assert.Equal(0.0, ci.HalfWidth);
        Assert.False(ci.HasInterval);
    }

    [Fact]
    public void RelativeHalfWidth_ZeroMean()
    {
        Assert.Equal(double.PositiveInfinity, new ConfidenceInterval(0, 1, 5, 0.95).RelativeHalfWidth);
        Assert.Equal(0.0, new ConfidenceInterval(0, 0, 5, 0.95).RelativeHalfWidth);
        Assert.Equal(0.5, new ConfidenceInterval(-2, 1, 5, 0.95).RelativeHalfWidth);
    }

    [Fact]
    public void FromTally_EqualsFromSamples()
    {
        double[] xs = { 3.1, 2.7, 3.9, 3.3, 2.2, 4.0 };
        var t = new Tally();
        foreach (double x in xs) t.Add(x);
        Assert.Equal(ConfidenceInterval.FromSamples(xs, 0.9), ConfidenceInterval.FromTally(in t, 0.9));
    }

    /// <summary>
    /// 2,000 intervals at 95 % from 10 normal samples each. The number that cover the true mean is
    /// Binomial(2000, 0.95): sd = √(2000·0.95·0.05) = 9.75 intervals, so the 99.9 % band is
    /// 1900 ± 3.29·9.75, i.e. coverage in [0.934, 0.966]. Seed fixed: deterministic in CI.
    /// </summary>
    [Fact]
    public void Coverage_OfNormalSamples_IsNominal()
    {
        const int intervals = 2000, n = 10;
        const double trueMean = 5.0, sd = 2.0, level = 0.95;
        var r = new StreamFactory(20261128).Create("coverage", 0);
        var sample = new double[n];
        int covered = 0;
        for (int i = 0; i < intervals; i++)
        {
            for (int j = 0; j < n; j++) sample[j] = Normal.InvCDF(trueMean, sd, r.NextOpenDouble());
            if (ConfidenceInterval.FromSamples(sample, level).Contains(trueMean)) covered++;
        }
        double z = Normal.InvCDF(0, 1, 1 - 0.001 / 2);
        double band = z * Math.Sqrt(level * (1 - level) / intervals);
        Assert.InRange((double)covered / intervals, level - band, level + band);
    }

    [Fact]
    public void PairedDifference_IsIntervalOfDifferences()
    {
        double[] a = { 10.2, 11.0, 9.7, 10.5, 10.9 };
        double[] b = { 9.1, 10.1, 8.6, 9.4, 9.8 };
        double[] d = new double[a.Length];
        for (int i = 0; i < a.Length; i++) d[i] = a[i] - b[i];
        var paired = ConfidenceInterval.PairedDifference(a, b);
        Assert.Equal(ConfidenceInterval.FromSamples(d), paired);
        Assert.True(paired.Contains(1.06));
        // Pairing removes the shared variation: far narrower than either sample's own interval.
        Assert.True(paired.HalfWidth < ConfidenceInterval.FromSamples(a).HalfWidth / 5);
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        double[] ok = { 1, 2, 3 };
        foreach (double bad in new[] { 0.0, 1.0, double.NaN, -0.5, 1.5 })
        {
            Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.FromSamples(ok, bad)).ParamName);
            Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.StudentTQuantile(bad, 3)).ParamName);
        }
        Assert.Equal("degreesOfFreedom", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.StudentTQuantile(0.95, 0)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => ConfidenceInterval.FromSamples(ReadOnlySpan<double>.Empty)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.FromSamples(new[] { 1.0, double.NaN })).ParamName);
        Assert.Equal("tally", Assert.Throws<ArgumentException>(() => ConfidenceInterval.FromTally(default, 0.95)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => ConfidenceInterval.PairedDifference(ok, new double[] { 1, 2 })).ParamName);
        Assert.Equal("a", Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceInterval.PairedDifference(new[] { double.NaN }, new[] { 1.0 })).ParamName);
    }

    [Fact]
    public void WidenedBy_AddsTheBiasBound_OnlyWhereThereIsAnInterval()
    {
        var identical = ConfidenceInterval.FromSamples(new[] { 0.413, 0.413, 0.413, 0.413, 0.413 });
        Assert.Equal(0, identical.HalfWidth);
        ConfidenceInterval widened = identical.WidenedBy(0.002);
        Assert.Equal(0.002, widened.HalfWidth);
        Assert.Equal(identical.Mean, widened.Mean);
        Assert.Equal(5, widened.Count);
        Assert.True(widened.Contains(0.4149) && !widened.Contains(0.4151));

        var spread = ConfidenceInterval.FromSamples(new[] { 1.0, 2.0, 3.0 });
        Assert.Equal(spread.HalfWidth + 0.5, spread.WidenedBy(0.5).HalfWidth, 12);

        var single = ConfidenceInterval.FromSamples(new[] { 7.0 });
        Assert.Equal(single, single.WidenedBy(1)); // one observation: still no interval
        foreach (double bad in new[] { -0.1, double.NaN, double.PositiveInfinity })
            Assert.Equal("bias", Assert.Throws<ArgumentOutOfRangeException>(() => spread.WidenedBy(bad)).ParamName);
    }
}
