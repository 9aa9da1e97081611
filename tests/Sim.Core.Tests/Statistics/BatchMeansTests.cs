using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

public class BatchMeansTests
{
    [Fact]
    public void Compute_IsTIntervalOfBatchMeans_DroppingOldestRemainder()
    {
        // 11 observations, 2 batches of 5: the first observation (oldest) is dropped.
        double[] series = { 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        var ci = BatchMeans.Compute(series, batchCount: 2, level: 0.9);
        Assert.Equal(ConfidenceInterval.FromSamples(new[] { 3.0, 8.0 }, 0.9), ci);
    }

    [Fact]
    public void Guards_NameTheParameter()
    {
        Assert.Equal("batchCount", Assert.Throws<ArgumentOutOfRangeException>(() => BatchMeans.Compute(new double[10], 1)).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentException>(() => BatchMeans.Compute(new double[3], 4)).ParamName);
        Assert.Equal("series", Assert.Throws<ArgumentOutOfRangeException>(() => BatchMeans.Compute(new[] { 1, double.NaN, 3, 4 }, 2)).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => BatchMeans.Compute(new double[4], 2, 1.0)).ParamName);
    }
}
