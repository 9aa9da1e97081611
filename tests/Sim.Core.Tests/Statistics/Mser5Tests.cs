using MathNet.Numerics.Distributions;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class Mser5Tests
{
    [Fact]
    public void HandWorked_DeletesTheOddFirstBatch()
    {
        // Batch means 10, 0, 0, 0. MSER(0) = Σ(Z − 2.5)²/4² = 75/16; MSER(1) = MSER(2) = 0 → d* = 1 (smallest).
        var series = new double[20];
        for (int i = 0; i < 5; i++) series[i] = 10.0;
        Assert.Equal(5, Mser5.TruncationPoint(series));
    }

    [Fact]
    public void StepTransient_IsDeleted()
    {
        // 100 observations around 10, then 2,000 around 0 (noise sd 1). The transient is 20 batches; MSER-5
        // must delete all of it and not much more than a few steady batches.
        var r = new StreamFactory(5).Create("mser", 0);
        var series = new double[2100];
        for (int i = 0; i < series.Length; i++)
            series[i] = (i < 100 ? 10.0 : 0.0) + Normal.InvCDF(0, 1, r.NextOpenDouble());
        int d = Mser5.TruncationPoint(series);
        Assert.InRange(d, 100, 150);
    }

    [Fact]
    public void ShortSeries_TruncatesNothing()
    {
        Assert.Equal(0, Mser5.TruncationPoint(new double[9]));
        Assert.Equal(0, Mser5.TruncationPoint(ReadOnlySpan<double>.Empty));
    }

    [Fact]
    public void NonFinite_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Mser5.TruncationPoint(new[] { 1.0, double.NaN }));
        Assert.Equal("series", e.ParamName);
    }
}
