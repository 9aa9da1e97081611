using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class BonferroniTests
{
    [Theory]
    [InlineData(0.95, 1, 0.95)]
    [InlineData(0.95, 5, 0.99)]
    [InlineData(0.90, 4, 0.975)]
    public void Level_SplitsTheErrorEvenly(double family, int checks, double expected)
    {
        Assert.Equal(expected, Bonferroni.Level(family, checks), 12);
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        foreach (double bad in new[] { 0.0, 1.0, double.NaN })
            Assert.Equal("familyLevel", Assert.Throws<ArgumentOutOfRangeException>(() => Bonferroni.Level(bad, 2)).ParamName);
        Assert.Equal("checks", Assert.Throws<ArgumentOutOfRangeException>(() => Bonferroni.Level(0.95, 0)).ParamName);
    }
}
