using Sim.Distributions;
using Sim.Scenarios;

namespace Sim.Core.Tests.Stack;

/// <summary>Scenarios built in code for the stack model's tests: everything off except what a test turns on.</summary>
internal static class Scenarios
{
    /// <summary>Replaces the classes with one class of the given steps.</summary>
    public static StackScenario WithSteps(this StackScenario s, params Step[] steps) =>
        s with { Classes = new[] { new RequestClass("page", 1, steps) } };

    /// <summary>
    /// A bare stack: one server, workers as the only station (one class whose single step is an
    /// external call holding the worker), no cache, no DB, no handshakes, instant network.
    /// </summary>
    public static StackScenario Bare(int workers, Distribution holding, double? rate = null, ClosedLoad? closed = null,
        double duration = 2000, double warmup = 200, int replications = 4, ulong seed = 1)
    {
        var zero = Deterministic.Of(0);
        return new StackScenario(
            Name: "bare",
            Description: "",
            Run: new RunSettings(duration, warmup, replications, seed, MaxInFlight: 100_000),
            Load: new LoadSpec(rate is { } r ? new OpenLoad(r, Array.Empty<RatePoint>()) : null, closed),
            LoadBalancer: new LoadBalancerSpec(1, BalancingPolicy.RoundRobin, 0),
            Proxy: new ProxySpec(1_000_000, ClientKeepalive: true, zero, 0, UpstreamKeepalive: true, zero,
                new GzipSpec(false, 1, 0), Buffering: true, StaticHitRatio: 0, zero),
            Workers: new WorkerPoolSpec(workers, Backlog: 1_000_000, Timeout: 1e7, RestartTime: 0, MemoryPerWorker: 0),
            Host: new HostSpec(Cores: 1000, BaseMemory: 0, TotalMemory: 1),
            Cache: new CacheSpec(false, 1, ConnectionExhaustion.Wait, zero, 0, null),
            DbConnections: new DbConnectionsSpec(0, zero, 0, null),
            Database: new DatabaseSpec(1_000_000, 1, 0, 0, 0, 0),
            TaskQueue: null,
            Network: new NetworkSpec(Deterministic.Of(1e12), 0),
            WebSockets: new WebSocketSpec(0, 0),
            Classes: new[] { new RequestClass("work", 1, new Step[] { new ExternalCallStep(holding) }) },
            Slo: new SloSpec(0.95, 0.5, 0.001));
    }
}
