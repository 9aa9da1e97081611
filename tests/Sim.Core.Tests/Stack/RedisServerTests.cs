using Sim.Analytic;
using Sim.Core.Tests.Scenarios;
using Sim.Core.Tests.Validation;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Stack.Stations;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Redis as a server (<c>cache.serviceTime</c>, <c>cache.nodes</c>) and its client pool (<c>cache.maxConnections</c>)
/// against closed forms, by the method of <see cref="ReplicationCheck"/>: independent replications, a Student-t
/// interval at a Bonferroni level that must contain the analytic value and be narrower than a stated precision.
/// </summary>
/// <remarks>
/// The stack around Redis is bare (<see cref="Scenarios.Bare"/>: Poisson arrivals, plenty of workers, no other delay),
/// and each request's only step is one GET, so the commands reaching Redis are the Poisson arrivals themselves. Sample
/// sizes: the first runs measured per-replication relative standard deviations of 0.8–1.5 % for the waits at ρ = 0.7
/// over 400 s, and half-widths of 1.0–1.7 % with 10 replications at the per-check level; a run cut to a tenth of its
/// length (half-widths × √10 ≈ 3–5 %) fails the 4–5 % limits rather than passing them.
/// </remarks>
[Trait("Category", "Slow")]
public class RedisServerTests(ITestOutputHelper output)
{
    private const double FamilyLevel = 0.99;

    /// <summary>A bare stack whose one class does one GET per request on a Redis of <paramref name="nodes"/> nodes.</summary>
    private static StackScenario OneGet(double rate, Distribution service, int nodes = 1, int connections = 1_000_000, Distribution? roundTrip = null,
        KeySpaceSpec? keySpace = null, double duration = 400, int replications = 10, ulong seed = 11)
    {
        StackScenario s = Scenarios.Bare(200, Deterministic.Of(0), rate, duration: duration, warmup: 50, replications: replications, seed: seed)
            .WithSteps(new CacheGetStep { Guards = 0 });
        return s with
        {
            Cache = new CacheSpec
            {
                Enabled = true, MaxConnections = connections, WhenExhausted = ConnectionExhaustion.Wait, OperationTimeSeconds = roundTrip ?? Deterministic.Of(0),
                ServiceTimeSeconds = service, Nodes = nodes, HitRatio = keySpace is null ? 0.35 : 0, KeySpace = keySpace,
            },
        };
    }

    [Fact]
    public void OneNode_DeterministicCommands_WaitIsMD1()
    {
        // λ = 700/s, S = 1 ms: ρ = 0.7, Wq = ρS / (2(1 − ρ)) = 1.1667 ms; the request's latency is Wq + S.
        const double rate = 700, s = 0.001;
        StackReplicationResult[] runs = StackExperiment.Run(OneGet(rate, Deterministic.Of(s)));
        MG1Result theory = MD1.Compute(rate, s);
        var check = new ReplicationCheck(output, checks: 3, FamilyLevel);
        check.Interval("M/D/1 command wait", theory.Wq, runs.Select(r => r.CacheCommandWaitSeconds).ToList(), 0.04);
        check.Interval("M/D/1 latency", theory.W, runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.03);
        check.Interval("M/D/1 utilization", rate * s, runs.Select(r => r.CacheUtilization).ToList(), 0.01);
        check.AssertAll();
        Assert.Equal(1.1667e-3, theory.Wq, 1e-7);
        Assert.All(runs, r => Assert.Equal(r.CacheUtilization, Assert.Single(r.CacheNodes).Utilization));
    }

    [Fact]
    public void OneNode_ExponentialCommands_WaitIsMM1()
    {
        // λ = 700/s, E[S] = 1 ms: Wq = ρ/(μ − λ) = 2.333 ms, twice the M/D/1 wait at the same load.
        const double rate = 700, s = 0.001;
        StackReplicationResult[] runs = StackExperiment.Run(OneGet(rate, Exponential.FromMean(s), seed: 12));
        MMcResult theory = MM1.Compute(rate, 1 / s);
        var check = new ReplicationCheck(output, checks: 2, FamilyLevel);
        check.Interval("M/M/1 command wait", theory.Wq, runs.Select(r => r.CacheCommandWaitSeconds).ToList(), 0.05);
        check.Interval("M/M/1 utilization", theory.Utilization, runs.Select(r => r.CacheUtilization).ToList(), 0.01);
        check.AssertAll();
    }

    [Fact]
    public void TwoNodes_RandomKeys_EachNodeIsAnMD1AtHalfTheRate()
    {
        // λ = 1400/s, S = 1 ms: one node would be overloaded (ρ = 1.4); with a fixed hit ratio each command goes to a node
        // at random, so each node sees Poisson commands at 700/s: ρ = 0.7 and the M/D/1 wait of the first test.
        const double rate = 1400, s = 0.001;
        StackReplicationResult[] runs = StackExperiment.Run(OneGet(rate, Deterministic.Of(s), nodes: 2, seed: 13));
        MG1Result theory = MD1.Compute(rate / 2, s);
        var check = new ReplicationCheck(output, checks: 5, FamilyLevel);
        for (int node = 0; node < 2; node++)
        {
            check.Interval($"node {node} command wait", theory.Wq, runs.Select(r => r.CacheNodes[node].CommandWaitSeconds).ToList(), 0.05);
            check.Interval($"node {node} commands/s", rate / 2, runs.Select(r => r.CacheNodes[node].CommandsPerSecond).ToList(), 0.01);
        }
        check.Interval("hit ratio of node 1", 0.35, runs.Select(r => r.CacheNodes[1].HitRatio).ToList(), 0.01);
        check.AssertAll();
        Assert.All(runs, r => Assert.False(r.Unstable));
        Assert.All(runs, r => Assert.Equal(Math.Max(r.CacheNodes[0].Utilization, r.CacheNodes[1].Utilization), r.CacheUtilization));
    }

    [Fact]
    public void FourNodes_UniformKeys_SplitTheLoadByTheirShareOfHashSlots()
    {
        // 10,000 keys read uniformly (Zipf exponent 0): node i answers the share of keys whose hash slot it holds, p_i
        // (counted here, by hand, from the slot ranges: ≈ 1/4 each), so its commands/s is λ·p_i and its CPU λ·p_i·S.
        const int keys = 10_000, nodes = 4;
        const double rate = 2000, s = 0.0002;
        var share = new double[nodes];
        for (int k = 0; k < keys; k++) share[CacheStation.HashSlot(k) * nodes / CacheStation.HashSlots] += 1.0 / keys;
        Assert.All(share, p => Assert.InRange(p, 0.23, 0.27)); // a good hash: 2,500 ± 3 standard deviations (43) keys per node
        for (int k = 0; k < keys; k++) Assert.Equal(CacheStation.HashSlot(k) * nodes / CacheStation.HashSlots, CacheStation.NodeOfKey(k, nodes));

        var keySpace = new KeySpaceSpec { Keys = keys, ZipfExponent = 0, ObjectSizeBytes = Deterministic.Of(100), MaxMemoryBytes = 0, TtlSeconds = 0 };
        StackReplicationResult[] runs = StackExperiment.Run(OneGet(rate, Deterministic.Of(s), nodes: nodes, keySpace: keySpace, replications: 6, duration: 200, seed: 14));
        var check = new ReplicationCheck(output, checks: 2 * nodes, FamilyLevel);
        for (int i = 0; i < nodes; i++)
        {
            check.Interval($"node {i} commands/s", rate * share[i], runs.Select(r => r.CacheNodes[i].CommandsPerSecond).ToList(), 0.015);
            check.Interval($"node {i} utilization", rate * share[i] * s, runs.Select(r => r.CacheNodes[i].Utilization).ToList(), 0.015);
        }
        check.AssertAll();
    }

    [Fact]
    public void PoolOfOneConnection_HeldForTheRoundTrip_WaitIsMM1()
    {
        // One client connection, held for an exponential round trip of mean 1 ms (no Redis CPU): the pool is an M/M/1
        // queue; at λ = 500/s (ρ = 0.5) the wait for the connection is ρ/(μ − λ) = 1 ms.
        const double rate = 500, hold = 0.001;
        StackReplicationResult[] runs = StackExperiment.Run(OneGet(rate, Deterministic.Of(0), connections: 1, roundTrip: Exponential.FromMean(hold), seed: 15));
        MMcResult theory = MM1.Compute(rate, 1 / hold);
        var check = new ReplicationCheck(output, checks: 1, FamilyLevel);
        check.Interval("pool wait (M/M/1)", theory.Wq, runs.Select(r => r.CacheConnectionWaitSeconds).ToList(), 0.05);
        check.AssertAll();
        Assert.All(runs, r => Assert.True(double.IsNaN(r.CacheUtilization) && double.IsNaN(r.CacheCommandWaitSeconds)));
    }

    [Fact]
    public void PoolOfOneConnection_BindsBeforeRedis_NoCommandEverQueuesAtTheNode()
    {
        // One connection held for a 0.4 ms round trip plus 0.6 ms of Redis CPU: the connection is the queue (an M/D/1
        // with S = 1 ms, at λ = 600/s: Wq = 0.75 ms); Redis never has two commands, so its queue wait is exactly 0 and
        // its CPU busy λ·0.6 ms = 0.36.
        const double rate = 600;
        StackReplicationResult[] runs = StackExperiment.Run(OneGet(rate, Deterministic.Of(0.0006), connections: 1, roundTrip: Deterministic.Of(0.0004), seed: 16));
        MG1Result theory = MD1.Compute(rate, 0.001);
        var check = new ReplicationCheck(output, checks: 2, FamilyLevel);
        check.Interval("pool wait (M/D/1, S = round trip + CPU)", theory.Wq, runs.Select(r => r.CacheConnectionWaitSeconds).ToList(), 0.04);
        check.Interval("Redis utilization", rate * 0.0006, runs.Select(r => r.CacheUtilization).ToList(), 0.01);
        check.AssertAll();
        Assert.All(runs, r => Assert.Equal(0, r.CacheCommandWaitSeconds));
    }

    [Fact]
    public void ServiceTimeZero_NodesOnlyRoute_AndChangeNoLatency()
    {
        // Without Redis CPU, nodes only split the commands: every request's numbers stay exactly the same (the routing
        // draws from its own stream), and the per-node commands add up.
        StackScenario one = OneGet(300, Deterministic.Of(0), roundTrip: Exponential.FromMean(0.0005), replications: 2, duration: 100);
        StackReplicationResult[] a = StackExperiment.Run(one), b = StackExperiment.Run(one with { Cache = one.Cache with { Nodes = 3 } });
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].LatencyMeanSeconds, b[i].LatencyMeanSeconds);
            Assert.Equal(a[i].LatencyP99Seconds, b[i].LatencyP99Seconds);
            Assert.Equal(a[i].CacheHitRatio, b[i].CacheHitRatio);
            Assert.Equal(3, b[i].CacheNodes.Count);
            Assert.Equal(a[i].CacheCommandsPerSecond, b[i].CacheNodes.Sum(n => n.CommandsPerSecond), 1e-9);
            Assert.All(b[i].CacheNodes, n => Assert.InRange(n.CommandsPerSecond, 80, 120));
            Assert.True(double.IsNaN(b[i].CacheUtilization));
        }
    }

    [Fact]
    public void RedisSaturated_IsNamedTheBottleneck()
    {
        // 900 GETs/s at 1 ms of CPU each: the Redis node is 90 % busy, nothing else works.
        StackReplicationResult r = StackExperiment.Run(OneGet(900, Deterministic.Of(0.001), replications: 1, duration: 100))[0];
        Assert.Equal("Redis CPU", r.Bottleneck);
        Assert.InRange(r.BottleneckUtilization, 0.87, 0.93);
        Assert.InRange(r.BottleneckCapacityPerSecond, 950, 1050); // X / U = 1/S
    }

    [Theory]
    [InlineData("cache.nodes=0", "$.cache.nodes", "0", "too small; allowed: a whole number in [1, 1000]")]
    [InlineData("cache.nodes=1001", "$.cache.nodes", "1001", "too large; allowed: a whole number in [1, 1000]")]
    public void Nodes_OutOfRange_IsRefusedByName(string set, string path, string value, string allowed)
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(ScenarioLoaderTests.Minimal, set);
        ValidationError e = Assert.Single(r.Errors);
        Assert.Equal((path, value, allowed), (e.Path, e.Value, e.Allowed));
    }

    [Fact]
    public void ServiceTime_Negative_IsRefusedByName()
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(ScenarioLoaderTests.Minimal, "cache.serviceTime=\"-20us\"");
        ValidationError e = Assert.Single(r.Errors);
        Assert.Equal("$.cache.serviceTime", e.Path);
    }
}
