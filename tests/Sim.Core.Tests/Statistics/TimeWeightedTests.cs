using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class TimeWeightedTests
{
    [Fact]
    public void MeanAndIntegral_HandComputed()
    {
        // 0 on [0, 2), 3 on [2, 5), 1 on [5, 10]: ∫ = 0·2 + 3·3 + 1·5 = 14, mean = 14/10.
        var tw = new TimeWeighted(0.0);
        tw.Update(2.0, 3.0);
        tw.Update(5.0, 1.0);
        Assert.Equal(14.0, tw.Integral(10.0));
        Assert.Equal(1.4, tw.Mean(10.0), 15);
        Assert.Equal(3.0, tw.Max);
        Assert.Equal(0.0, tw.Min);
        Assert.Equal(1.0, tw.Current);
    }

    [Fact]
    public void NonZeroStart_AveragesOverTheWindowOnly()
    {
        // 2 on [100, 110), 4 on [110, 120]: (20 + 40)/20 = 3.
        var tw = new TimeWeighted(100.0, 2.0);
        tw.Update(110.0, 4.0);
        Assert.Equal(3.0, tw.Mean(120.0));
    }

    [Fact]
    public void Reset_DeletesWarmUpAndKeepsCurrentValue()
    {
        var tw = new TimeWeighted(0.0, 5.0);
        tw.Update(4.0, 1.0);
        tw.Reset(6.0);
        Assert.Equal(1.0, tw.Current);
        Assert.Equal(1.0, tw.Max); // the warm-up peak of 5 is forgotten
        tw.Update(8.0, 2.0);
        // 1 on [6, 8), 2 on [8, 10]: ∫ = 2 + 4 = 6 over 4 s.
        Assert.Equal(6.0, tw.Integral(10.0));
        Assert.Equal(1.5, tw.Mean(10.0));
        Assert.Equal(6.0, tw.StartTime);
    }

    [Fact]
    public void SameTimeUpdates_CountOnlyTheLastValue()
    {
        var tw = new TimeWeighted(0.0);
        tw.Update(1.0, 10.0);
        tw.Update(1.0, 2.0);
        Assert.Equal(2.0 * 1.0, tw.Integral(2.0));
        Assert.Equal(10.0, tw.Max); // an instantaneous peak still counts as the maximum
    }

    [Fact]
    public void Mean_OfEmptyWindow_IsCurrentValue()
    {
        var tw = new TimeWeighted(3.0, 7.0);
        Assert.Equal(7.0, tw.Mean(3.0));
    }

    [Fact]
    public void Update_BackInTime_Throws()
    {
        var tw = new TimeWeighted(0.0);
        tw.Update(5.0, 1.0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => tw.Update(4.999, 2.0));
        Assert.Equal("time", e.ParamName);
        Assert.Equal("untilTime", Assert.Throws<ArgumentOutOfRangeException>(() => tw.Mean(4.0)).ParamName);
        Assert.Equal("untilTime", Assert.Throws<ArgumentOutOfRangeException>(() => tw.Integral(4.0)).ParamName);
        Assert.Equal("time", Assert.Throws<ArgumentOutOfRangeException>(() => tw.Reset(4.0)).ParamName);
    }

    [Fact]
    public void NonFiniteArguments_Throw()
    {
        Assert.Equal("startTime", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeWeighted(double.NaN)).ParamName);
        Assert.Equal("initialValue", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeWeighted(0, double.PositiveInfinity)).ParamName);
        var tw = new TimeWeighted(0.0);
        Assert.Equal("newValue", Assert.Throws<ArgumentOutOfRangeException>(() => tw.Update(1.0, double.NaN)).ParamName);
        Assert.Equal("time", Assert.Throws<ArgumentOutOfRangeException>(() => tw.Update(double.NaN, 1.0)).ParamName);
    }
}
