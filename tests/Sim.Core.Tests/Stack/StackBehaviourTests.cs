using Sim.Analytic;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Statistics;

namespace Sim.Core.Tests.Stack;

/// <summary>Each mechanism of the stack, switched on alone, does what the seed document describes.</summary>
public class StackBehaviourTests
{
    private static readonly Distribution Zero = Deterministic.Of(0);

    private static StackReplicationResult One(StackScenario s) => StackExperiment.RunOne(s, 0);

    [Fact]
    public void ConnMaxAgeZero_OpensAConnectionPerRequest_PersistentReusesOnePerWorker_PoolNeverOpens()
    {
        var db = new DbStep { Queries = 3, QueryTimeSeconds = Deterministic.Of(0.002), Write = false };
        StackScenario baseline = Scenarios.Bare(4, Zero, rate: 20, duration: 500, warmup: 50).WithSteps(db) with
        {
            DbConnections = new DbConnectionsSpec { ConnMaxAgeSeconds = 0, ConnectTimeSeconds = Deterministic.Of(0.007), ConnectCpuSeconds = 0.001, Pool = null },
        };
        StackReplicationResult perRequest = One(baseline);
        // Every request opens its own connection: created/s = throughput, nothing reused.
        Assert.Equal(perRequest.ThroughputPerSecond, perRequest.DbConnectionsCreatedPerSecond, 2);
        Assert.Equal(0, perRequest.DbConnectionReusePercent);
        Assert.True(perRequest.DbConnectionsOpenMax <= 4);

        StackReplicationResult persistent = One(baseline with { DbConnections = baseline.DbConnections with { ConnMaxAgeSeconds = 600 } });
        // One connection per worker, opened during the warm-up and kept: no new ones in the window.
        Assert.Equal(0, persistent.DbConnectionsCreatedPerSecond);
        Assert.Equal(100, persistent.DbConnectionReusePercent);
        Assert.True(persistent.LatencyMeanSeconds < perRequest.LatencyMeanSeconds - 0.006); // the 7 ms connect is gone

        StackReplicationResult pooled = One(baseline with { DbConnections = baseline.DbConnections with { Pool = new DbPoolSpec { Size = 2, WaitTimeoutSeconds = 5 } } });
        Assert.Equal(0, pooled.DbConnectionsCreatedPerSecond);
        Assert.Equal(100, pooled.DbConnectionReusePercent);
        Assert.Equal(2, pooled.DbConnectionsOpenMax);
    }

    [Fact]
    public void ConnMaxAge_ExpiredConnections_AreReopened()
    {
        var db = new DbStep { Queries = 1, QueryTimeSeconds = Deterministic.Of(0.001), Write = false };
        StackScenario s = Scenarios.Bare(2, Zero, rate: 50, duration: 1000, warmup: 0).WithSteps(db) with
        {
            DbConnections = new DbConnectionsSpec { ConnMaxAgeSeconds = 100, ConnectTimeSeconds = Deterministic.Of(0.005), ConnectCpuSeconds = 0, Pool = null },
        };
        StackReplicationResult r = One(s);
        // Each of 2 workers reopens about every 100 s: ≈ 2 × 1000/100 = 20 connections in 1000 s (±2 for phase).
        double created = r.DbConnectionsCreatedPerSecond * r.WindowSeconds;
        Assert.InRange(created, 18, 22);
        Assert.True(r.DbConnectionReusePercent > 99.9);
    }

    [Fact]
    public void MaxConnections_Exceeded_FailsRequests_AndNeverOpensMore()
    {
        var db = new DbStep { Queries = 5, QueryTimeSeconds = Exponential.FromMean(0.02), Write = false };
        StackScenario s = Scenarios.Bare(8, Zero, rate: 60, duration: 300, warmup: 30).WithSteps(db) with
        {
            DbConnections = new DbConnectionsSpec { ConnMaxAgeSeconds = 0, ConnectTimeSeconds = Deterministic.Of(0.008), ConnectCpuSeconds = 0, Pool = null },
            Database = new DatabaseSpec { MaxConnections = 3, Cores = 4, ConnectCpuSeconds = 0, MemoryPerConnectionBytes = 0, ReadReplicas = 0, ReplicaReads = 0 },
        };
        StackReplicationResult r = One(s);
        Assert.True(r.ErrorsByKind[(int)ErrorKind.DbMaxConnections] > 0);
        Assert.True(r.DbConnectionsOpenMax <= 3);
        Assert.Equal(r.Arrivals, r.Completed + r.Failed + r.InFlightAtEnd);
    }

    [Fact]
    public void FixedHitRatio_IsObserved_AndHitsSkipTheGuardedSteps()
    {
        Step[] steps =
        {
            new CacheGetStep { Guards = 2 },
            new DbStep { Queries = 1, QueryTimeSeconds = Deterministic.Of(0.003), Write = false },
            new CacheSetStep(),
        };
        StackScenario s = Scenarios.Bare(8, Zero, rate: 100, duration: 1000, warmup: 50).WithSteps(steps) with
        {
            Cache = new CacheSpec { Enabled = true, MaxConnections = 100, WhenExhausted = ConnectionExhaustion.Wait, OperationTimeSeconds = Deterministic.Of(0.0005), HitRatio = 0.35, KeySpace = null },
        };
        StackReplicationResult r = One(s);
        // Binomial: n ≈ 100,000 GETs, σ = √(0.35·0.65/n) ≈ 0.0015; 4σ ≈ 0.006.
        Assert.True(r.CacheOperations > 90_000);
        Assert.InRange(r.CacheHitRatio, 0.35 - 0.006, 0.35 + 0.006);
        // Only misses reach the DB step (connect per request): created/s = (1 − hit) × throughput.
        Assert.Equal((1 - r.CacheHitRatio) * r.ThroughputPerSecond, r.DbConnectionsCreatedPerSecond, 1);
    }

    [Fact]
    public void CacheConnectionsExhausted_WaitPolicyQueues_ErrorPolicyCountsAndMisses()
    {
        Step[] steps = { new CacheGetStep { Guards = 0 } };
        StackScenario wait = Scenarios.Bare(20, Zero, rate: 400, duration: 100, warmup: 10).WithSteps(steps) with
        {
            Cache = new CacheSpec { Enabled = true, MaxConnections = 1, WhenExhausted = ConnectionExhaustion.Wait, OperationTimeSeconds = Exponential.FromMean(0.002), HitRatio = 1.0, KeySpace = null },
        };
        StackReplicationResult waited = One(wait);
        Assert.Equal(0, waited.ErrorsByKind[(int)ErrorKind.CacheConnections]);
        Assert.True(waited.Breakdown[(int)BreakdownCategory.Cache].QueueingSeconds > 0.001); // ρ = 0.8 on one connection
        StackReplicationResult failed = One(wait with { Cache = wait.Cache with { WhenExhausted = ConnectionExhaustion.Error } });
        Assert.True(failed.ErrorsByKind[(int)ErrorKind.CacheConnections] > 0);
        Assert.True(failed.CacheHitRatio < 1); // a failed GET counts as a miss
        Assert.Equal(0, failed.Failed);        // ... but does not fail the request
    }

    [Fact]
    public void FullBacklog_Returns503()
    {
        // 1 worker × 1 s holding at 3 req/s with a backlog of 2: most requests are refused.
        StackScenario s = Scenarios.Bare(1, Deterministic.Of(1), rate: 3, duration: 500, warmup: 20) with
        {
            Workers = new WorkerPoolSpec { Count = 1, Backlog = 2, TimeoutSeconds = 1e7, RestartTimeSeconds = 0, MemoryPerWorkerBytes = 0 },
        };
        StackReplicationResult r = One(s);
        Assert.True(r.ErrorsByKind[(int)ErrorKind.BacklogFull] > 0);
        Assert.InRange(r.ThroughputPerSecond, 0.95, 1.0);       // the worker is always busy
        Assert.True(r.QueueLengthMax <= 2);
        Assert.InRange(r.ErrorRate, 0.6, 0.7);                   // ≈ 2/3 refused
    }

    [Fact]
    public void Timeout_Returns504_AndRestartsTheWorker()
    {
        StackScenario s = Scenarios.Bare(2, Deterministic.Of(5), rate: 0.5, duration: 400, warmup: 0) with
        {
            Workers = new WorkerPoolSpec { Count = 2, Backlog = 100, TimeoutSeconds = 1, RestartTimeSeconds = 2, MemoryPerWorkerBytes = 0 },
        };
        StackReplicationResult r = One(s);
        Assert.Equal(0, r.Completed);
        Assert.True(r.ErrorsByKind[(int)ErrorKind.Timeout] > 150);
        Assert.Equal(1.0, r.ErrorRate);
    }

    [Fact]
    public void ProxyConnectionLimit_RefusesRequests()
    {
        StackScenario s = Scenarios.Bare(4, Deterministic.Of(1), rate: 10, duration: 200, warmup: 20) with
        {
            Proxy = Scenarios.Bare(1, Zero).Proxy with { MaxConnections = 5 },
        };
        StackReplicationResult r = One(s);
        Assert.True(r.ErrorsByKind[(int)ErrorKind.ProxyConnections] > 0);
        Assert.Equal(0, r.ErrorsByKind[(int)ErrorKind.BacklogFull]);
    }

    [Fact]
    public void OverloadWithAHugeBacklog_IsReportedUnstable_NotRunAway()
    {
        StackScenario s = Scenarios.Bare(2, Deterministic.Of(1), rate: 10, duration: 100_000, warmup: 0) with
        {
            Run = new RunSettings { DurationSeconds = 100_000, WarmupSeconds = 0, Replications = 1, Seed = 1, MaxInFlight = 500 },
        };
        StackReplicationResult r = One(s);
        Assert.True(r.Unstable);
    }

    [Fact]
    public void Buffering_ReleasesTheWorkerBeforeTheSlowDownload()
    {
        // 500 KB at 20 Mbit/s = 0.2 s of transfer after 50 ms of work.
        Step[] steps = { new ExternalCallStep { LatencySeconds = Deterministic.Of(0.05) }, new RespondStep { SizeBytes = Deterministic.Of(500_000) } };
        StackScenario off = Scenarios.Bare(8, Zero, rate: 20, duration: 500, warmup: 20).WithSteps(steps) with
        {
            Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Deterministic.Of(20e6), RoundTripSeconds = 0 },
            Proxy = Scenarios.Bare(1, Zero).Proxy with { Buffering = false },
        };
        StackReplicationResult held = One(off);
        StackReplicationResult buffered = One(off with { Proxy = off.Proxy with { Buffering = true } });
        // Worker busy per request: 0.25 s without buffering, 0.05 s with it. Latency is 0.25 s of work
        // and transfer either way, plus — without buffering — some waiting for a worker, since the
        // held workers carry 5 erlangs on 8 workers instead of 1.
        Assert.InRange(held.WorkerUtilization, 20 * 0.25 / 8 * 0.9, 20 * 0.25 / 8 * 1.1);
        Assert.InRange(buffered.WorkerUtilization, 20 * 0.05 / 8 * 0.9, 20 * 0.05 / 8 * 1.1);
        Assert.Equal(0.25, buffered.LatencyMeanSeconds, 3);
        Assert.InRange(held.LatencyMeanSeconds, 0.25, 0.28);
        Assert.True(held.Breakdown[(int)BreakdownCategory.WorkerQueue].TotalSeconds > buffered.Breakdown[(int)BreakdownCategory.WorkerQueue].TotalSeconds);
        Assert.InRange(held.BandwidthBitsPerSecond, 20 * 500_000 * 8 * 0.95, 20 * 500_000 * 8 * 1.05); // 80 Mbit/s ± Poisson noise
    }

    [Fact]
    public void Gzip_ShrinksTheWireAndCostsCpu()
    {
        Step[] steps = { new RespondStep { SizeBytes = Deterministic.Of(500_000) } };
        StackScenario plain = Scenarios.Bare(8, Zero, rate: 20, duration: 500, warmup: 20).WithSteps(steps) with
        {
            Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Deterministic.Of(20e6), RoundTripSeconds = 0 },
            Host = new HostSpec { Cores = 2, BaseMemoryBytes = 0, TotalMemoryBytes = 1 },
        };
        StackReplicationResult off = One(plain);
        StackReplicationResult on = One(plain with { Proxy = plain.Proxy with { Gzip = new GzipSpec { Enabled = true, Ratio = 0.3, CpuSecondsPerMegabyte = 0.01 } } });
        Assert.Equal(0.3, on.BandwidthBitsPerSecond / off.BandwidthBitsPerSecond, 2);
        // 0.5 MB × 10 ms/MB = 5 ms of CPU per request at 20 req/s on 2 cores: 5 % utilization.
        Assert.Equal(0.05, on.CpuUtilization, 2);
        Assert.Equal(0, off.CpuUtilization);
        Assert.True(on.LatencyMeanSeconds < off.LatencyMeanSeconds); // 0.06 s + 5 ms vs 0.2 s
    }

    [Fact]
    public void MoreWorkersThanCores_DoesNotCreateCpu()
    {
        // CPU-bound requests of 50 ms on 2 cores saturate at 40 req/s however many workers there are.
        Step[] steps = { new CpuStep { WorkSeconds = Exponential.FromMean(0.05) } };
        StackScenario s = Scenarios.Bare(16, Zero, rate: 60, duration: 300, warmup: 20).WithSteps(steps) with
        {
            Host = new HostSpec { Cores = 2, BaseMemoryBytes = 0, TotalMemoryBytes = 1 },
            Workers = new WorkerPoolSpec { Count = 16, Backlog = 64, TimeoutSeconds = 1e7, RestartTimeSeconds = 0, MemoryPerWorkerBytes = 0 },
        };
        StackReplicationResult r = One(s);
        Assert.InRange(r.ThroughputPerSecond, 38, 40.5);
        Assert.True(r.CpuUtilization > 0.97);
        Assert.True(r.ErrorsByKind[(int)ErrorKind.BacklogFull] > 0);
    }

    [Fact]
    public void Tasks_AreEnqueuedWithTheirProbability_AndLoadTheDatabase()
    {
        Step[] steps = { new EnqueueStep { Probability = 0.25 } };
        StackScenario s = Scenarios.Bare(4, Zero, rate: 40, duration: 1000, warmup: 50).WithSteps(steps) with
        {
            TaskQueue = new TaskQueueSpec { BrokerLatencySeconds = Deterministic.Of(0.002), Concurrency = 2, Cores = 2, Steps = new Step[] { new CpuStep { WorkSeconds = Deterministic.Of(0.01) }, new DbStep { Queries = 2, QueryTimeSeconds = Deterministic.Of(0.01), Write = true } } },
        };
        StackReplicationResult r = One(s);
        // 40 × 0.25 = 10 tasks/s (binomial σ over 1000 s ≈ 0.09/s); each puts 20 ms on 1 DB core of 1: 20 %.
        Assert.InRange(r.TasksPerSecond, 9.6, 10.4);
        Assert.InRange(r.DbCpuUtilization, 0.18, 0.22);
    }

    [Fact]
    public void LoadBalancer_SpreadsRequestsOverServers()
    {
        foreach (BalancingPolicy policy in Enum.GetValues<BalancingPolicy>())
        {
            StackScenario s = Scenarios.Bare(2, Exponential.FromMean(0.1), rate: 30, duration: 500, warmup: 20) with
            {
                LoadBalancer = new LoadBalancerSpec { Servers = 3, Policy = policy, LatencySeconds = 0.001 },
            };
            StackReplicationResult r = One(s);
            Assert.Equal(6, r.PerWorkerUtilization.Count);
            // 30 req/s × 0.1 s over 6 workers = 0.5 each on average; each server's pair gets about a third.
            for (int server = 0; server < 3; server++)
            {
                double u = (r.PerWorkerUtilization[2 * server] + r.PerWorkerUtilization[2 * server + 1]) / 2;
                Assert.InRange(u, 0.4, 0.6);
            }
        }
    }

    [Fact]
    public void SameSeed_SameResults_WhateverTheThreadCount()
    {
        StackScenario s = Scenarios.Bare(3, Exponential.FromMean(0.1), rate: 20, duration: 200, warmup: 20, replications: 4);
        StackReplicationResult[] serial = StackExperiment.Run(s, maxDegreeOfParallelism: 1);
        StackReplicationResult[] parallel = StackExperiment.Run(s);
        for (int i = 0; i < serial.Length; i++)
        {
            Assert.Equal(serial[i].LatencyMeanSeconds, parallel[i].LatencyMeanSeconds);
            Assert.Equal(serial[i].LatencyP99Seconds, parallel[i].LatencyP99Seconds);
            Assert.Equal(serial[i].PerWorkerUtilization, parallel[i].PerWorkerUtilization);
        }
        Assert.NotEqual(serial[0].LatencyMeanSeconds, serial[1].LatencyMeanSeconds);
    }

    [Fact]
    public void ChangingWorkers_KeepsTheSameArrivals_CommonRandomNumbers()
    {
        StackScenario three = Scenarios.Bare(3, Exponential.FromMean(0.025), rate: 100, duration: 300, warmup: 30);
        StackReplicationResult a = One(three);
        StackReplicationResult b = One(three with { Workers = three.Workers with { Count = 8 } });
        Assert.Equal(a.Arrivals, b.Arrivals);
        Assert.True(b.LatencyMeanSeconds < a.LatencyMeanSeconds);
    }
}

public class SocketBufferTests
{
    [Fact]
    public void WithoutBuffering_SocketBuffersFreeTheWorkerBeforeTheLastBytes()
    {
        // 500 KB at 20 Mbit/s = 0.2 s of download; with 400 KB absorbed by socket buffers the worker
        // is held only while the first 100 KB go out (0.04 s). Latency is unchanged.
        Step[] steps = { new RespondStep { SizeBytes = Deterministic.Of(500_000) } };
        StackScenario s = Scenarios.Bare(8, Deterministic.Of(0), rate: 20, duration: 500, warmup: 20).WithSteps(steps) with
        {
            Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Deterministic.Of(20e6), RoundTripSeconds = 0 },
            Proxy = Scenarios.Bare(1, Deterministic.Of(0)).Proxy with { Buffering = false, SocketBufferBytes = 400_000 },
        };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.InRange(r.WorkerUtilization, 20 * 0.04 / 8 * 0.9, 20 * 0.04 / 8 * 1.1);
        Assert.Equal(0.2, r.LatencyMeanSeconds, 3);
    }
}

public class KeySpaceInStackTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void KeySpaceCache_InTheStack_ProducesCheHitRatio_AndStaysWithinMaxMemory()
    {
        // 20,000 keys, Zipf 0.8, 10 KB objects (+50 B overhead), maxmemory for 1,000 of them (5 %):
        // under LRU the hit ratio follows Che's approximation. Cache-aside fills land after the DB
        // step (1 ms), a negligible delay at 200 req/s over 20,000 keys.
        var ks = new KeySpaceSpec { Keys = 20_000, ZipfExponent = 0.8, ObjectSizeBytes = Deterministic.Of(10_000), MaxMemoryBytes = 1_000 * 10_050, TtlSeconds = 0 };
        Step[] steps = { new CacheGetStep { Guards = 1 }, new DbStep { Queries = 1, QueryTimeSeconds = Deterministic.Of(0.001), Write = false }, new CacheSetStep() };
        StackScenario s = Scenarios.Bare(8, Deterministic.Of(0), rate: 200, duration: 2_000, warmup: 200).WithSteps(steps) with
        {
            Cache = new CacheSpec { Enabled = true, MaxConnections = 100, WhenExhausted = ConnectionExhaustion.Wait, OperationTimeSeconds = Deterministic.Of(0.0005), HitRatio = 0, KeySpace = ks },
        };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        double che = Sim.Components.KeySpaceCacheTheory.CheLruHitRatio(20_000, 0.8, 1_000);
        // ≈ 400,000 GETs: binomial σ ≈ 0.0008, but LRU hits are correlated; Che itself is within
        // ≈ 0.0002 of exact LRU here (docs/components/cache.md), so 0.01 is a generous, honest bound.
        Assert.InRange(r.CacheHitRatio, che - 0.01, che + 0.01);
        Assert.True(r.CacheMemoryBytes <= 1_000 * 10_050);
        Assert.True(r.CacheEvictionsPerSecond > 0);
        Assert.InRange(r.CacheKeysResident, 990, 1_000);
    }
}

public class SlotGrowthTests
{
    [Fact]
    public void Results_DoNotDependOnWhenTheSlotArraysGrow()
    {
        // Request slots grow on demand. A growth in the middle of a request's steps (a task being
        // published) once left the request writing to the old array, so it published again. Same
        // seed, one run that starts with every slot it will need and one that starts with a single
        // slot and grows all the time: the results must be identical.
        Step[] steps = { new CpuStep { WorkSeconds = Exponential.FromMean(0.01) }, new EnqueueStep { Probability = 1.0 }, new ExternalCallStep { LatencySeconds = Exponential.FromMean(0.05) } };
        StackScenario s = Scenarios.Bare(4, Deterministic.Of(0), rate: 50, duration: 300, warmup: 20).WithSteps(steps) with
        {
            TaskQueue = new TaskQueueSpec { BrokerLatencySeconds = Deterministic.Of(0.002), Concurrency = 2, Cores = 2, Steps = new Step[] { new CpuStep { WorkSeconds = Deterministic.Of(0.01) } } },
        };
        StackReplicationResult Run(int initialSlots)
        {
            var sim = new Sim.Kernel.Simulation();
            var model = new StackModel(sim, s, 0, initialSlots);
            sim.Run(300); // no warm-up: the growths happen early, and must be inside the window
            return model.Collect(0);
        }
        StackReplicationResult roomy = Run(200_000);
        StackReplicationResult growing = Run(1);
        Assert.Equal(roomy.Completed, growing.Completed);
        Assert.Equal(roomy.LatencyMeanSeconds, growing.LatencyMeanSeconds);
        Assert.Equal(roomy.TasksPerSecond, growing.TasksPerSecond);
    }
}

public class BottleneckTests
{
    [Fact]
    public void Overload_IsDiagnosedWithTheBottleneckAndItsCapacity()
    {
        // 4 workers × 50 ms = 80 req/s of capacity, 150 req/s offered, backlog big enough to absorb it:
        // the cap is hit and the diagnosis names the workers and ≈ 80 req/s.
        StackScenario s = Scenarios.Bare(4, Deterministic.Of(0.05), rate: 150, duration: 10_000, warmup: 0) with
        {
            Run = new RunSettings { DurationSeconds = 10_000, WarmupSeconds = 0, Replications = 1, Seed = 1, MaxInFlight = 2_000 },
        };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.True(r.Unstable);
        Assert.Equal("gunicorn workers", r.Bottleneck);
        Assert.InRange(r.BottleneckCapacityPerSecond, 78, 82);
        Assert.StartsWith("unstable: 150 req/s offered, gunicorn workers saturate at ~", r.Diagnosis);
    }

    [Fact]
    public void RequestsRefusedBeforeAnyWork_DoNotInflateTheBottlenecksCapacity()
    {
        // The same 80 req/s of workers at 10× overload, with a backlog of 20: most requests are refused
        // with 503 and never use a worker. X / U must count only the requests the workers served (≈ 80/s),
        // not every request that left (≈ 800/s at U = 1).
        StackScenario s = Scenarios.Bare(4, Deterministic.Of(0.05), rate: 800, duration: 300, warmup: 20) with
        {
            Workers = new WorkerPoolSpec { Count = 4, Backlog = 20, TimeoutSeconds = 1e7, RestartTimeSeconds = 0, MemoryPerWorkerBytes = 0 },
        };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.True(r.ErrorsByKind[(int)ErrorKind.BacklogFull] > 0.85 * r.Arrivals, $"{r.ErrorsByKind[(int)ErrorKind.BacklogFull]} of {r.Arrivals} refused");
        Assert.Equal("gunicorn workers", r.Bottleneck);
        Assert.InRange(r.BottleneckUtilization, 0.999, 1.0);
        Assert.InRange(r.BottleneckCapacityPerSecond, 79, 81);
    }

    [Fact]
    public void NoWorkDone_LeavesTheCapacityUnknown_AndTheSummaryWhole()
    {
        // A rate profile at zero (allowed: a profile may pause) sends no request: X / U is 0 / 0. It was +∞,
        // and the summary's interval refused it with an exception instead of a report.
        StackScenario s = Scenarios.Bare(4, Deterministic.Of(0.05), rate: 1, duration: 100, warmup: 10, replications: 2) with
        {
            Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 0, Profile = [new RatePoint { AtSeconds = 0, RatePerSecond = 0 }] }, Closed = null },
        };
        StackReplicationResult[] runs = StackExperiment.Run(s);
        Assert.All(runs, r => Assert.Equal(0, r.Arrivals));
        Assert.All(runs, r => Assert.True(double.IsNaN(r.BottleneckCapacityPerSecond)));
        StackSummary summary = StackSummary.From(runs);
        Assert.True(double.IsNaN(summary["capacityPerSecond"].Mean));
        Assert.Equal(0, summary["throughputPerSecond"].Mean);
    }

    [Fact]
    public void CpuBoundStack_NamesTheCpu()
    {
        Step[] steps = { new CpuStep { WorkSeconds = Exponential.FromMean(0.02) } };
        StackScenario s = Scenarios.Bare(32, Deterministic.Of(0), rate: 80, duration: 300, warmup: 20).WithSteps(steps) with
        {
            Host = new HostSpec { Cores = 2, BaseMemoryBytes = 0, TotalMemoryBytes = 1 },
        };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        // 80 × 20 ms = 1.6 cores of 2: CPU at 80 % is busier than the 32 workers.
        Assert.Equal("web CPU", r.Bottleneck);
        Assert.InRange(r.BottleneckCapacityPerSecond, 95, 105); // 2 cores / 20 ms = 100 req/s
        Assert.Equal("", r.Diagnosis);
    }
}

public class AutoWarmupTests
{
    [Fact]
    public void AutoWarmup_IsDetected_AndAppliedToEveryReplication()
    {
        // M/M/4 at ρ = 0.9 starting empty: the queue needs time to build up.
        StackScenario s = Scenarios.Bare(4, Exponential.FromMean(1.0), rate: 3.6, duration: 4_000, warmup: 0, replications: 3);
        s = s with { Run = s.Run with { WarmupSeconds = null } };
        StackReplicationResult[] runs = StackExperiment.Run(s);
        Assert.All(runs, r => Assert.True(r.WarmupSettled));
        Assert.Single(runs.Select(r => r.WarmupSeconds).Distinct());
        Assert.InRange(runs[0].WarmupSeconds, 0, 2_000); // within MSER-5's search range
        Assert.All(runs, r => Assert.Equal(4_000, r.WindowSeconds, 6));
    }

    [Fact]
    public void AutoWarmup_OnAGrowingQueue_SaysItNeverSettled()
    {
        // 10 % more offered than 2 workers serve, a backlog that absorbs it all run: the number in the
        // system grows linearly, so there is no steady state to find.
        StackScenario s = Scenarios.Bare(2, Deterministic.Of(1.0), rate: 2.2, duration: 5_000, warmup: 0, replications: 1);
        s = s with { Run = s.Run with { WarmupSeconds = null } };
        StackReplicationResult r = StackExperiment.RunOne(s, 0);
        Assert.False(r.WarmupSettled);
    }
}
