using FsCheck;
using FsCheck.Xunit;
using Sim.Distributions;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack;

namespace Sim.Core.Tests.Stack;

/// <summary>Invariants of the stack model on random scenarios drawn from the whole parameter space.</summary>
public class StackProperties
{
    /// <summary>A random but valid scenario (<see cref="StackScenario.Validate"/> finds nothing): every component may be on or off, loads may exceed capacity.</summary>
    internal static StackScenario RandomScenario(ulong seed)
    {
        var r = new RandomStream(seed);
        double U(double lo, double hi) => lo + (hi - lo) * r.NextDouble();
        bool Coin() => r.NextInt(2) == 0;
        Distribution Time(double mean) => r.NextInt(3) switch
        {
            0 => Exponential.FromMean(mean),
            1 => Deterministic.Of(mean),
            _ => LogNormal.FromMeanAndStdDev(mean, mean),
        };
        // A bandwidth must never draw 0 bit/s (an exponential can: its uniform rounds to 1), so no exponential here.
        Distribution Bandwidth(double mean) => Coin() ? Deterministic.Of(mean) : LogNormal.FromMeanAndStdDev(mean, mean);
                Step RandomStep() => r.NextInt(7) switch
        {
            0 => new CpuStep { WorkSeconds = Time(U(0.001, 0.05)) },
            1 => new CacheGetStep { Guards = r.NextInt(2) },
            2 => new CacheSetStep(),
            3 => new DbStep { Queries = 1 + r.NextInt(5), QueryTimeSeconds = Time(U(0.0005, 0.01)), Write = Coin() },
            4 => new ExternalCallStep { LatencySeconds = Time(U(0.001, 0.1)) },
            5 => new EnqueueStep { Probability = r.NextDouble() },
            _ => new RespondStep { SizeBytes = Time(U(1_000, 600_000)) },
        };
        RequestClass RandomClass(int i)
        {
            var steps = new List<Step>();
            int n = 1 + r.NextInt(5);
            for (int k = 0; k < n; k++) steps.Add(RandomStep());
            // A response ends the request's work: at most one, as the last step.
            if (steps.Find(x => x is RespondStep) is { } respond)
            {
                steps.RemoveAll(x => x is RespondStep);
                steps.Add(respond);
            }
            // A GET may not guard steps past the end.
            for (int k = 0; k < steps.Count; k++)
                if (steps[k] is CacheGetStep g && k + g.Guards >= steps.Count) steps[k] = new CacheGetStep { Guards = steps.Count - 1 - k };
            return new RequestClass { Name = $"c{i}", Weight = U(0.1, 1), Steps = steps, StaticAtProxy = r.NextInt(5) == 0 };
        }

        int workers = 1 + r.NextInt(8);
        int servers = 1 + r.NextInt(3);
        bool closed = Coin();
        int classCount = 1 + r.NextInt(3);
        var classes = new RequestClass[classCount];
        for (int i = 0; i < classCount; i++) classes[i] = RandomClass(i);
        double poolOrAge = r.NextDouble();
        return new StackScenario {
            Name = "random", Description = "",
            Run = new RunSettings { DurationSeconds = 60, WarmupSeconds = 5, Replications = 1, Seed = seed, MaxInFlight = 3000 },
            Load = closed ? new LoadSpec { Open = null, Closed = new ClosedLoad { Users = 1 + r.NextInt(200), ThinkTimeSeconds = Time(U(0.2, 3)) } }
                   : new LoadSpec { Open = new OpenLoad { RatePerSecond = U(1, 300), Profile = Array.Empty<RatePoint>() }, Closed = null },
            LoadBalancer = new LoadBalancerSpec { Servers = servers, Policy = (BalancingPolicy)r.NextInt(4), LatencySeconds = U(0, 0.002) },
            Proxy = new ProxySpec { MaxConnections = 5 + r.NextInt(500), ClientKeepalive = Coin(), HandshakeSeconds = Time(0.01), HandshakeCpuSeconds = U(0, 0.002), UpstreamKeepalive = Coin(), UpstreamConnectSeconds = Time(0.0005),
                Gzip = new GzipSpec { Enabled = Coin(), Ratio = U(0.1, 1), CpuSecondsPerMegabyte = U(0.001, 0.02) }, Buffering = Coin(), StaticHitRatio = U(0, 0.5), ServiceTimeSeconds = Time(0.0005) },
            Workers = new WorkerPoolSpec { Count = workers, Backlog = r.NextInt(50), TimeoutSeconds = U(0.2, 30), RestartTimeSeconds = U(0, 2), MemoryPerWorkerBytes = 150e6 },
            Host = new HostSpec { Cores = 1 + r.NextInt(4), BaseMemoryBytes = 300e6, TotalMemoryBytes = 4e9 },
            Cache = new CacheSpec { Enabled = Coin(), MaxConnections = 1 + r.NextInt(20), WhenExhausted = Coin() ? ConnectionExhaustion.Wait : ConnectionExhaustion.Error, OperationTimeSeconds = Time(0.0005), HitRatio = r.NextDouble(),
                KeySpace = Coin() ? null : new KeySpaceSpec { Keys = 100 + r.NextInt(5000), ZipfExponent = U(0, 1.2), ObjectSizeBytes = Time(U(1_000, 50_000)), MaxMemoryBytes = Coin() ? 0 : U(50_000, 5_000_000), TtlSeconds = Coin() ? 0 : U(1, 60) } },
            DbConnections = new DbConnectionsSpec { ConnMaxAgeSeconds = poolOrAge < 0.4 ? 0 : U(1, 600), ConnectTimeSeconds = Time(0.007), ConnectCpuSeconds = U(0, 0.002), Pool = poolOrAge > 0.7 ? new DbPoolSpec { Size = 1 + r.NextInt(10), WaitTimeoutSeconds = U(0.05, 2) } : null },
            Database = new DatabaseSpec { MaxConnections = 1 + r.NextInt(30), Cores = 1 + r.NextInt(4), ConnectCpuSeconds = U(0, 0.003), MemoryPerConnectionBytes = 10e6, ReadReplicas = r.NextInt(3), ReplicaReads = r.NextDouble() },
            TaskQueue = Coin() ? new TaskQueueSpec { BrokerLatencySeconds = Time(0.002), Concurrency = 1 + r.NextInt(4), Cores = 1 + r.NextInt(2), Steps = new Step[] { new CpuStep { WorkSeconds = Time(0.01) }, new DbStep { Queries = 2, QueryTimeSeconds = Time(0.003), Write = true } } } : null,
            Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Bandwidth(U(5e6, 100e6)), RoundTripSeconds = U(0, 0.05) },
            WebSockets = new WebSocketSpec { Connections = r.NextInt(10), MemoryPerConnectionBytes = 400e3 },
            Classes = classes,
            Slo = new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 } };
    }

    [Property(MaxTest = 60)]
    public bool Invariants_HoldOnRandomScenarios(ulong seed)
    {
        StackScenario s = RandomScenario(seed);
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        bool conservation = r.Unstable || r.Arrivals == r.Completed + r.Failed + r.InFlightAtEnd;
        bool utilizations = r.WorkerUtilization is >= 0 and <= 1 + 1e-9
                            && r.PerWorkerUtilization.All(u => u is >= 0 and <= 1 + 1e-9)
                            && r.CpuUtilization is >= 0 and <= 1 + 1e-9
                            && r.DbCpuUtilization is >= 0 and <= 1 + 1e-9
                            && r.CacheHitRatio is >= 0 and <= 1
                            && r.ErrorRate is >= 0 and <= 1;
        bool capacity = r.DbConnectionsOpenMax <= s.Database.MaxConnections
                        && r.QueueLengthMax <= s.Workers.Backlog
                        && (s.Cache.KeySpace is not { MaxMemoryBytes: > 0 } ks || !(r.CacheMemoryBytes > ks.MaxMemoryBytes));
        bool monotone = r.Completed == 0 || (r.LatencyP50Seconds <= r.LatencyP90Seconds && r.LatencyP90Seconds <= r.LatencyP95Seconds && r.LatencyP95Seconds <= r.LatencyP99Seconds
                                            && r.LatencyP99Seconds <= r.LatencyP999Seconds && r.LatencyP999Seconds <= r.LatencyMaxSeconds && r.LatencyMeanSeconds <= r.LatencyMaxSeconds);
        bool errorsAddUp = r.ErrorsByKind.Sum() - r.ErrorsByKind[(int)ErrorKind.CacheConnections] == r.Failed;
        if (!(conservation && utilizations && capacity && monotone && errorsAddUp))
            throw new Xunit.Sdk.XunitException($"seed {seed}: conservation {conservation}, utilizations {utilizations}, capacity {capacity}, monotone {monotone}, errors {errorsAddUp}; {r.Arrivals} = {r.Completed} + {r.Failed} + {r.InFlightAtEnd}?");
        return true;
    }

    [Property(MaxTest = 20)]
    public bool SameSeed_GivesIdenticalResults(ulong seed)
    {
        StackScenario s = RandomScenario(seed);
        StackReplicationResult a = StackExperiment.RunOne(s, 0);
        StackReplicationResult b = StackExperiment.RunOne(s, 0);
        return a.Arrivals == b.Arrivals && a.Completed == b.Completed && a.Failed == b.Failed
               && a.LatencyMeanSeconds.Equals(b.LatencyMeanSeconds) && a.LatencyP99Seconds.Equals(b.LatencyP99Seconds)
               && a.PerWorkerUtilization.SequenceEqual(b.PerWorkerUtilization)
               && a.DbConnectionsCreatedPerSecond.Equals(b.DbConnectionsCreatedPerSecond)
               && a.CacheHitRatio.Equals(b.CacheHitRatio);
    }
}
