using Sim.Analytic;
using Sim.Core.Tests.Validation;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// The server's link (<c>host.link</c>): saturation at exactly capacity / bytes responses per second, the client's
/// bandwidth as a cap on a response's share, and M/G/1-PS response times at moderate load.
/// </summary>
/// <remarks>
/// The stack is bare (<see cref="Scenarios.Bare"/>): the only step is the response, workers release at once (proxy
/// buffering), and nothing but the link takes time — so a request's latency is its transfer.
/// </remarks>
public sealed class LinkTests(ITestOutputHelper output)
{
    private const double Bytes = 125_000;     // one response: 1 Mbit
    private const double Link = 100e6;        // 100 Mbit/s: 100 responses/s, 10 ms each alone

    private static StackScenario Linked(Distribution size, double? rate = null, ClosedLoad? closed = null, double clientBitsPerSecond = 1e12,
        double duration = 2000, double warmup = 50, int replications = 2, ulong seed = 3)
    {
        StackScenario s = Scenarios.Bare(workers: 1000, holding: Deterministic.Of(0), rate: rate, closed: closed, duration: duration, warmup: warmup,
                replications: replications, seed: seed)
            .WithSteps(new RespondStep { SizeBytes = size });
        return s with
        {
            Host = s.Host with { LinkBitsPerSecond = Link },
            Network = s.Network with { ClientBandwidthBitsPerSecond = Deterministic.Of(clientBitsPerSecond) },
        };
    }

    [Fact]
    public void Saturated_ThroughputIsCapacityOverBytes()
    {
        // 50 users with no think time always have responses on the link: it sends 12.5 MB/s, 100 responses of 125 KB a
        // second. Only responses cut by the window's two edges can move the count: at most 50 of 200,000.
        const double window = 2000;
        StackScenario s = Linked(Deterministic.Of(Bytes), closed: new ClosedLoad { Users = 50, ThinkTimeSeconds = Deterministic.Of(0) }, duration: window);
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            double exact = Link / 8 / Bytes;
            output.WriteLine($"rep {r.Replication}: {r.ThroughputPerSecond} responses/s, link {r.LinkUtilization}, bottleneck {r.Bottleneck}");
            Assert.InRange(r.ThroughputPerSecond, exact - 50 / window, exact + 50 / window);
            Assert.InRange(r.LinkUtilization, 0.999999, 1.0);
            Assert.Equal("server link", r.Bottleneck);
            Assert.InRange(r.BandwidthBitsPerSecond, Link * (1 - 1e-6), Link * (1 + 1e-6));
        }
    }

    [Fact]
    public void ClientBandwidthCapsTheShare_BelowTheLink_EachResponseAtItsClientsRate()
    {
        // 3 users at 20 Mbit/s each: 60 Mbit/s < 100, so every response goes at its client's rate (50 ms) and the link is
        // 60 % busy; 3 / 0.05 s = 60 responses/s.
        const double window = 2000;
        StackScenario s = Linked(Deterministic.Of(Bytes), closed: new ClosedLoad { Users = 3, ThinkTimeSeconds = Deterministic.Of(0) },
            clientBitsPerSecond: 20e6, duration: window);
        foreach (StackReplicationResult r in StackExperiment.Run(s))
        {
            Assert.InRange(r.ThroughputPerSecond, 60 - 3 / window, 60 + 3 / window);
            Assert.Equal(0.05, r.LatencyMeanSeconds, 9);
            Assert.InRange(r.LinkUtilization, 0.6 - 1e-3, 0.6 + 1e-3);
        }
        // 10 such users ask for 200 Mbit/s: each gets a tenth of the link, the link saturates at 100 responses/s, 100 ms each.
        StackScenario ten = Linked(Deterministic.Of(Bytes), closed: new ClosedLoad { Users = 10, ThinkTimeSeconds = Deterministic.Of(0) },
            clientBitsPerSecond: 20e6, duration: window);
        foreach (StackReplicationResult r in StackExperiment.Run(ten))
        {
            Assert.InRange(r.ThroughputPerSecond, 100 - 10 / window, 100 + 10 / window);
            Assert.Equal(0.1, r.LatencyMeanSeconds, 6);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void MixedCaps_WaterFilling_MatchesTheMarkovChain()
    {
        // 3 users with no think time; each response is Exp(1 Mbit) and its client is slow (10 Mbit/s) with probability 1/3,
        // else unlimited. Max-min fair shares: a slow response gets 10 Mbit/s (below an equal share), the others split the
        // rest. With k slow responses on the link, completions are Markov: slow ones at 10k/s, fast ones at (100 − 10k)/s
        // in all (k < 3), and each is replaced at once by a new response, slow with probability 1/3. So k is a birth–death
        // chain, k → k+1 at (100 − 10k)/3, k → k−1 at 20k/3: π ∝ 1, 5, 11.25, 15 (π₃ = 15/32.25), and the throughput is
        // 100 (k < 3, the link is full) or 30 (k = 3): X = 100 − 70·π₃ = 67.442 responses/s, link utilization X/100.
        // 8 replications × 5,000 s gave a per-replication relative sd of 0.27 % (half-width 0.39 %): limit 1 %.
        double pi3 = 15 / 32.25;
        double expected = 100 - 70 * pi3;
        StackScenario s = Linked(Exponential.FromMean(Bytes), closed: new ClosedLoad { Users = 3, ThinkTimeSeconds = Deterministic.Of(0) },
            duration: 5000, warmup: 50, replications: 8)
            with { Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Empirical.FromSamples([10e6, 1e12, 1e12]), RoundTripSeconds = 0 } };
        StackReplicationResult[] runs = StackExperiment.Run(s);
        var check = new ReplicationCheck(output, checks: 2, familyLevel: 0.99);
        check.Interval("throughput", expected, runs.Select(r => r.ThroughputPerSecond).ToList(), 0.01);
        check.Interval("link utilization", expected / 100, runs.Select(r => r.LinkUtilization).ToList(), 0.01);
        check.AssertAll();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void ModerateLoad_MeanTransferTime_IsMG1PS()
    {
        // Poisson arrivals at 70/s, each 1 Mbit alone in 10 ms on a 100 Mbit/s link: ρ = 0.7, and processor sharing's
        // mean response time is S / (1 − ρ) = 33.33 ms whatever the size distribution (insensitivity) — checked with
        // deterministic and with log-normal (CV 1.5) sizes. 10 replications × 20,000 s gave per-replication relative sds of
        // 0.15 % (deterministic) and 0.66 % (log-normal), half-widths 0.18 % and 0.77 %: limits 0.5 % and 1.5 %.
        const double lambda = 70;
        double s = Bytes * 8 / Link;
        double expected = MG1PS(s, lambda);
        var check = new ReplicationCheck(output, checks: 2, familyLevel: 0.99);
        StackReplicationResult[] deterministic = StackExperiment.Run(Linked(Deterministic.Of(Bytes), rate: lambda, duration: 20_000, warmup: 100, replications: 10));
        check.Interval("M/D/1-PS mean transfer", expected, deterministic.Select(r => r.LatencyMeanSeconds).ToList(), 0.005);
        StackReplicationResult[] lognormal = StackExperiment.Run(Linked(LogNormal.FromMeanAndStdDev(Bytes, 1.5 * Bytes), rate: lambda, duration: 20_000, warmup: 100,
            replications: 10, seed: 4));
        check.Interval("M/G/1-PS (log-normal) mean transfer", expected, lognormal.Select(r => r.LatencyMeanSeconds).ToList(), 0.015);
        check.AssertAll();
        Assert.All(deterministic, r => Assert.InRange(r.LinkUtilization, 0.69, 0.71));
    }

    private static double MG1PS(double meanService, double lambda) => meanService / (1 - lambda * meanService);

    [Fact]
    public void NoLink_MetricsAreNaN()
    {
        StackScenario s = Scenarios.Bare(workers: 2, holding: Deterministic.Of(0.01), rate: 10, duration: 100, warmup: 10, replications: 1);
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.True(double.IsNaN(r.LinkUtilization));
        Assert.Empty(r.PerServerLinkUtilization);
        Assert.NotEqual("server link", r.Bottleneck);
    }
}
