using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class CounterTests
{
    [Fact]
    public void Increment_AndRate()
    {
        var c = new Counter();
        c.Increment();
        c.Increment(9);
        Assert.Equal(10, c.Value);
        Assert.Equal(2.5, c.RatePerSecond(4.0));
        c.Reset();
        Assert.Equal(0, c.Value);
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        var c = new Counter();
        Assert.Equal("by", Assert.Throws<ArgumentOutOfRangeException>(() => c.Increment(-1)).ParamName);
        foreach (double bad in new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity })
            Assert.Equal("elapsedSeconds", Assert.Throws<ArgumentOutOfRangeException>(() => c.RatePerSecond(bad)).ParamName);
    }
}
