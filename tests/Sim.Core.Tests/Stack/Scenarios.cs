using Sim.Distributions;
using Sim.Scenarios;

namespace Sim.Core.Tests.Stack;

/// <summary>Scenarios built in code for the stack model's tests: everything off except what a test turns on.</summary>
internal static class Scenarios
{
    /// <summary>Replaces the classes with one class of the given steps.</summary>
    public static StackScenario WithSteps(this StackScenario s, params Step[] steps) =>
        s with { Classes = new[] { new RequestClass { Name = "page", Weight = 1, Steps = steps } } };

    /// <summary>
    /// A bare stack: one server, workers as the only station (one class whose single step is an
    /// external call holding the worker), no cache, no DB, no handshakes, instant network.
    /// </summary>
    public static StackScenario Bare(int workers, Distribution holding, double? rate = null, ClosedLoad? closed = null,
        double duration = 2000, double warmup = 200, int replications = 4, ulong seed = 1)
    {
        var zero = Deterministic.Of(0);
        return new StackScenario {
            Name = "bare",
            Description = "",
            Run = new RunSettings { DurationSeconds = duration, WarmupSeconds = warmup, Replications = replications, Seed = seed, MaxInFlight = 100_000 },
            Load = new LoadSpec { Open = rate is { } r ? new OpenLoad { RatePerSecond = r, Profile = Array.Empty<RatePoint>() } : null, Closed = closed },
            LoadBalancer = new LoadBalancerSpec { Servers = 1, Policy = BalancingPolicy.RoundRobin, LatencySeconds = 0 },
            Proxy = new ProxySpec { MaxConnections = 1_000_000, ClientKeepalive = true, HandshakeSeconds = zero, HandshakeCpuSeconds = 0, UpstreamKeepalive = true, UpstreamConnectSeconds = zero,
                Gzip = new GzipSpec { Enabled = false, Ratio = 1, CpuSecondsPerMegabyte = 0 }, Buffering = true, StaticHitRatio = 0, ServiceTimeSeconds = zero },
            Workers = new WorkerPoolSpec { Count = workers, Backlog = 1_000_000, TimeoutSeconds = 1e7, RestartTimeSeconds = 0, MemoryPerWorkerBytes = 0 },
            Host = new HostSpec { Cores = 1000, BaseMemoryBytes = 0, TotalMemoryBytes = 1 },
            Cache = new CacheSpec { Enabled = false, MaxConnections = 1, WhenExhausted = ConnectionExhaustion.Wait, OperationTimeSeconds = zero, HitRatio = 0, KeySpace = null },
            DbConnections = new DbConnectionsSpec { ConnMaxAgeSeconds = 0, ConnectTimeSeconds = zero, ConnectCpuSeconds = 0, Pool = null },
            Database = new DatabaseSpec { MaxConnections = 1_000_000, Cores = 1, ConnectCpuSeconds = 0, MemoryPerConnectionBytes = 0, ReadReplicas = 0, ReplicaReads = 0 },
            TaskQueue = null,
            Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Deterministic.Of(1e12), RoundTripSeconds = 0 },
            WebSockets = new WebSocketSpec { Connections = 0, MemoryPerConnectionBytes = 0 },
            Classes = new[] { new RequestClass { Name = "work", Weight = 1, Steps = new Step[] { new ExternalCallStep { LatencySeconds = holding } } } },
            Slo = new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 } };
    }
}
