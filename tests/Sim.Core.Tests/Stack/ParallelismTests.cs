using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>Replications run side by side only as far as their memory fits: a heap limit runs a large load one at a time.</summary>
public class ParallelismTests
{
    private static StackScenario Users(int users) =>
        Scenarios.Bare(workers: 4, Deterministic.Of(0.001), closed: new ClosedLoad { Users = users, ThinkTimeSeconds = Exponential.FromMean(1000) });

    [Fact]
    public void MemoryPerReplication_CountsUsersRequestsInFlightAndKeys()
    {
        StackScenario s = Users(1_000_000);
        // 10⁶ users at 130 B, the in-flight cap (10⁵ here, below the users) at 620 B.
        Assert.Equal(StackExperiment.BytesPerReplicationBase + 1e6 * 130 + 1e5 * 620, StackExperiment.BytesPerReplication(s));
        StackScenario open = s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 10, Profile = [] }, Closed = null }, Run = s.Run with { MaxInFlight = 1_000_000 } };
        Assert.Equal(StackExperiment.BytesPerReplicationBase + 1e6 * 620, StackExperiment.BytesPerReplication(open));
    }

    [Fact]
    public void ReplicationsSideBySide_FitInTheMemoryAvailable()
    {
        const long heap = 256L << 20;
        Assert.Equal(1, StackExperiment.Parallelism(Users(1_000_000), -1, heap));      // ≈ 196 MB each: one at a time
        Assert.Equal(1, StackExperiment.Parallelism(Users(10_000_000), -1, heap));     // never fewer than one
        Assert.Equal(Math.Min(Environment.ProcessorCount, 3), StackExperiment.Parallelism(Users(100), -1, heap)); // ≈ 4.1 MB each
        Assert.Equal(Environment.ProcessorCount, StackExperiment.Parallelism(Users(100), -1, 1L << 40));
        Assert.Equal(3, StackExperiment.Parallelism(Users(100), 3, 1L << 40));
        Assert.Equal(0, StackExperiment.Parallelism(Users(100), 0, 1L << 40)); // refused by Replications.Run, not turned into 1
    }
}
