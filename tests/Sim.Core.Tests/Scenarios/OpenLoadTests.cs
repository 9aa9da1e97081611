using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Scenarios;

/// <summary>What an open load offers: its rate at a time, its peak, and its time average over a window.</summary>
public class OpenLoadTests
{
    // 10/s, a step to 150/s from 30 s to 35 s, then 10/s again; a ramp from 10/s to 30/s between 40 s and 50 s after it.
    private static readonly OpenLoad Burst = new()
    {
        RatePerSecond = 0,
        Profile =
    [
        new RatePoint { AtSeconds = 0, RatePerSecond = 10 }, new RatePoint { AtSeconds = 30, RatePerSecond = 10 }, new RatePoint { AtSeconds = 30, RatePerSecond = 150 }, new RatePoint { AtSeconds = 35, RatePerSecond = 150 }, new RatePoint { AtSeconds = 35, RatePerSecond = 10 },
        new RatePoint { AtSeconds = 40, RatePerSecond = 10 }, new RatePoint { AtSeconds = 50, RatePerSecond = 30 },
    ],
    };

    [Fact]
    public void MeanRate_IsTheIntegralOfTheProfile_OverTheWindow()
    {
        Assert.Equal(150, Burst.PeakRatePerSecond);
        Assert.Equal((10 * 30 + 150 * 5 + 10 * 5) / 40.0, Burst.MeanRate(0, 40), 12);
        Assert.Equal(150, Burst.MeanRate(31, 34), 12);
        Assert.Equal(20, Burst.MeanRate(40, 50), 12);           // the ramp's midpoint
        Assert.Equal((20 * 10 + 30 * 50) / 60.0, Burst.MeanRate(40, 100), 12); // constant after the last point
        Assert.Equal(10, Burst.MeanRate(-5, 0), 12);            // the first rate before the first point
        Assert.Equal(20, Burst.MeanRate(45, 45), 12);           // an empty window: the rate there
        Assert.Equal(7, new OpenLoad { RatePerSecond = 7, Profile = [] }.MeanRate(0, 100));
    }

    [Fact]
    public void RateProfile_OffersItsTimeAverageOverTheWindow_NotZero_NorItsPeak()
    {
        // The CLI reported "0 req/s offered" (the unused constant rate) and the model the peak.
        StackScenario s = Sim.Core.Tests.Stack.Scenarios.Bare(workers: 4, Deterministic.Of(0.01), duration: 40, warmup: 10, replications: 1) with
        {
            Load = new LoadSpec { Open = Burst, Closed = null },
        };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.Equal(Burst.MeanRate(10, 50), r.OfferedRatePerSecond, 12);
        Assert.InRange(r.OfferedRatePerSecond, 20, 40);
    }

    [Fact]
    public void AnEstimate_OfARateProfile_IsForItsAverage_AndNamesThePeakAboveCapacity()
    {
        // 4 workers × 100 req/s = 400 req/s: a 1000/s burst of 5 s in 100 s overloads only at its peak.
        var burst = new OpenLoad { RatePerSecond = 0, Profile = [new RatePoint { AtSeconds = 0, RatePerSecond = 50 }, new RatePoint { AtSeconds = 50, RatePerSecond = 50 }, new RatePoint { AtSeconds = 50, RatePerSecond = 1000 }, new RatePoint { AtSeconds = 55, RatePerSecond = 1000 }, new RatePoint { AtSeconds = 55, RatePerSecond = 50 }] };
        StackScenario s = Sim.Core.Tests.Stack.Scenarios.Bare(workers: 4, Deterministic.Of(0.01), duration: 100, warmup: 0) with
        {
            Load = new LoadSpec { Open = burst, Closed = null },
        };
        StackEstimate e = StackAnalytic.Estimate(s);
        Assert.False(e.Unstable);
        Assert.Equal(burst.MeanRate(0, 100), e.ThroughputPerSecond, 9);
        Assert.Equal(1000, e.PeakRatePerSecond);
        Assert.Contains(e.Notes, n => n.StartsWith("At its peak the rate profile exceeds the capacity (1000 req/s offered at its peak, ~400 req/s", StringComparison.Ordinal));
        // Above capacity on average over the window: unstable.
        StackScenario heavy = s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 0, Profile = [new RatePoint { AtSeconds = 0, RatePerSecond = 500 }] }, Closed = null } };
        Assert.True(StackAnalytic.Estimate(heavy).Unstable);
    }
}
