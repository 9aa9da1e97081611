using Sim.Statistics;

namespace Sim.Core.Tests.Statistics;

/// <summary>Hand-checkable cases of the backlog growth test: a ramp, a flat line, noise around a level, and merging.</summary>
public sealed class BacklogTrendTests
{
    [Fact]
    public void Ramp_OneTaskEverySecond_SlopeIsOneAndTheBoundIsTight()
    {
        var trend = new BacklogTrend();
        trend.Reset(0, 0, plannedSeconds: 320);
        for (int t = 1; t <= 320; t++) trend.Update(t, t);
        (double slope, double lower, int batches) = trend.Fit(320, 0.999);
        Assert.Equal(32, batches);
        // Batch means of a unit staircase over 10 s batches lie exactly on a line of slope 1.
        Assert.Equal(1.0, slope, 1e-9);
        Assert.Equal(1.0, lower, 1e-6);
    }

    [Fact]
    public void Flat_SlopeIsZero()
    {
        var trend = new BacklogTrend();
        trend.Reset(5, 7, plannedSeconds: 100);
        (double slope, _, int batches) = trend.Fit(105, 0.999);
        Assert.Equal(32, batches);
        Assert.Equal(0.0, slope, 1e-12);
    }

    [Fact]
    public void AlternatingLevels_NoTrend_LowerBoundBelowZero()
    {
        // 3, 5, 3, 5, … per batch: no growth; the residuals make the bound negative.
        var trend = new BacklogTrend();
        trend.Reset(0, 3, plannedSeconds: 32);
        for (int i = 1; i < 32; i++) trend.Update(i, i % 2 == 0 ? 3 : 5);
        (double slope, double lower, _) = trend.Fit(32, 0.999);
        Assert.True(Math.Abs(slope) < 0.01, $"slope {slope}");
        Assert.True(lower < 0, $"lower {lower}");
    }

    [Fact]
    public void WindowLongerThanPlanned_BatchesMergeAndTheSlopeStays()
    {
        var trend = new BacklogTrend();
        trend.Reset(0, 0, plannedSeconds: 10); // batches of 10/32 s, but the window runs 1,000 s
        for (int t = 1; t <= 1000; t++) trend.Update(t, 2.0 * t);
        (double slope, _, int batches) = trend.Fit(1000, 0.999);
        Assert.InRange(batches, BacklogTrend.MaxBatches / 2, BacklogTrend.MaxBatches);
        Assert.Equal(2.0, slope, 0.01);
    }

    [Fact]
    public void TooShortAWindow_NoVerdict()
    {
        var trend = new BacklogTrend();
        trend.Reset(0, 0, plannedSeconds: 320);
        trend.Update(50, 100);
        (double slope, double lower, int batches) = trend.Fit(60, 0.999);
        Assert.Equal(6, batches);
        Assert.True(double.IsNaN(slope) && double.IsNaN(lower));
    }
}
