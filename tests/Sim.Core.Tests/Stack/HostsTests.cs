using Sim.Analytic;
using Sim.Core.Tests.Scenarios;
using Sim.Core.Tests.Validation;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Validation;
using Xunit.Abstractions;

namespace Sim.Core.Tests.Stack;

/// <summary>
/// Hosts and placement (<c>placement.*</c>, <c>host.wakeupCpu</c>, <c>database.postmasterCpu</c>, <c>proxy.cpu</c> and
/// <c>proxy.workers</c>) against closed forms, by the method of <see cref="ReplicationCheck"/>: independent replications,
/// a Student-t interval at a Bonferroni level that must contain the analytic value and be narrower than a stated precision.
/// </summary>
/// <remarks>
/// The stack around the mechanism is bare (<see cref="Scenarios.Bare"/>: plenty of workers, no other delay). Sample sizes:
/// 10 replications of 400 s at 60–350 requests/s (24,000–140,000 requests each); the first runs gave per-replication
/// relative standard deviations of 0.7–2.3 % for the latencies and waits and 0.2–1.1 % for throughputs and utilizations,
/// so the half-widths (t ≈ 3.6–4.1 at the per-check levels, /√10) came to 0.3–3.3 % against the 1–5 % limits stated per
/// check; a tenth of the run (half-widths × √10) fails the limits rather than passing them.
/// </remarks>
[Trait("Category", "Slow")]
public class HostsTests(ITestOutputHelper output)
{
    private const double FamilyLevel = 0.99;

    /// <summary>A bare stack on <paramref name="cores"/> web cores whose class runs a CPU step then one query on a pooled connection.</summary>
    private static StackScenario CpuThenQuery(Distribution cpu, Distribution query, int cores, double? rate = null, ClosedLoad? closed = null,
        int workers = 200, ulong seed = 21, double duration = 400, int replications = 10) =>
        Scenarios.Bare(workers, Deterministic.Of(0), rate, closed, duration: duration, warmup: 50, replications: replications, seed: seed)
            .WithSteps(new CpuStep { WorkSeconds = cpu }, new DbStep { Queries = 1, QueryTimeSeconds = query }) with
        {
            Host = new HostSpec { Cores = cores, BaseMemoryBytes = 0, TotalMemoryBytes = 1 },
            DbConnections = new DbConnectionsSpec { ConnMaxAgeSeconds = 0, ConnectTimeSeconds = Deterministic.Of(0), ConnectCpuSeconds = 0, Pool = new DbPoolSpec { Size = 100_000 } },
        };

    private static StackScenario OnWeb(StackScenario s) => s with { Placement = new PlacementSpec { Database = Placement.Web } };

    [Fact]
    public void DatabaseOnTheWebHost_EveryVisitIsSlowedBy1OverOneMinusRho()
    {
        // One core, Poisson λ = 60/s; each request runs 4 ms of app CPU then a 6 ms query (both exponential), the query on
        // the same core (placement.database = web). An open network of one processor-sharing station visited twice is a
        // BCMP network: each visit's mean sojourn is its work / (1 − ρ), ρ = λ(4 + 6) ms = 0.6, so the CPU step takes
        // 10 ms, the query 15 ms and the request 25 ms — against 4/(1 − 0.24) + 6/(1 − 0.36) = 14.64 ms on separate hosts.
        const double rate = 60, app = 0.004, db = 0.006, rho = rate * (app + db);
        StackScenario own = CpuThenQuery(Exponential.FromMean(app), Exponential.FromMean(db), cores: 1, rate: rate);
        StackReplicationResult[] runs = StackExperiment.Run(OnWeb(own));
        StackReplicationResult[] apart = StackExperiment.Run(own);
        var check = new ReplicationCheck(output, checks: 7, FamilyLevel);
        check.Interval("latency on separate hosts (two M/M/1)", app / (1 - rate * app) + db / (1 - rate * db), apart.Select(r => r.LatencyMeanSeconds).ToList(), 0.04);
        check.Interval("latency (app + db)/(1 − ρ)", (app + db) / (1 - rho), runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.04);
        check.Interval("CPU step app/(1 − ρ)", app / (1 - rho), runs.Select(r => Part(r, BreakdownCategory.Cpu)).ToList(), 0.04);
        check.Interval("query db/(1 − ρ)", db / (1 - rho), runs.Select(r => Part(r, BreakdownCategory.DbQuery)).ToList(), 0.04);
        check.Interval("web host utilization ρ", rho, runs.Select(r => r.CpuUtilization).ToList(), 0.02);
        check.Interval("webHostCpu.database λ·db", rate * db, runs.Select(r => r.WebHostCpuDatabase).ToList(), 0.02);
        check.Interval("webHostCpu.app λ·app", rate * app, runs.Select(r => r.WebHostCpuApp).ToList(), 0.02);
        check.AssertAll();
        // The database's own cores did nothing; its utilization is its share of the web host.
        Assert.All(runs, r => Assert.Equal(r.WebHostCpuDatabase, r.DbCpuUtilization));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ClosedInteractive_DatabaseOnOrOffTheWebHost_MatchesMva(bool onWeb)
    {
        // N = 180 users, exponential think time Z = 1 s, 6 ms of app CPU and a 5 ms query per request (exponential), 2 web
        // cores. On the web host: one 2-server station with demand 11 ms (the cores serve both). On its own 2-core host:
        // two stations, 6 ms and 5 ms. Exact MVA (load-dependent multi-server stations) gives the throughputs below.
        const int users = 180;
        const double z = 1, app = 0.006, db = 0.005;
        StackScenario s = CpuThenQuery(Exponential.FromMean(app), Exponential.FromMean(db), cores: 2,
            closed: new ClosedLoad { Users = users, ThinkTimeSeconds = Exponential.FromMean(z) }, seed: onWeb ? 22UL : 23UL);
        s = s with { Database = s.Database with { Cores = 2 } };
        if (onWeb) s = OnWeb(s);
        MvaResult mva = onWeb
            ? Mva.Compute(users, z, [new MvaStation(app + db, 2)])
            : Mva.Compute(users, z, [new MvaStation(app, 2), new MvaStation(db, 2)]);
        output.WriteLine($"MVA: X = {mva.Throughput(users):F4}/s, R = {mva.ResponseTime(users) * 1000:F4} ms");
        StackReplicationResult[] runs = StackExperiment.Run(s);
        var check = new ReplicationCheck(output, checks: 2, FamilyLevel);
        check.Interval("throughput (MVA)", mva.Throughput(users), runs.Select(r => r.ThroughputPerSecond).ToList(), 0.01);
        check.Interval("response time (MVA)", mva.ResponseTime(users), runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.05);
        check.AssertAll();
        Assert.Equal(onWeb ? 170.01 : 177.43, mva.Throughput(users), 0.01);
    }

    [Fact]
    public void Postmaster_DeterministicSetup_WaitIsMD1()
    {
        // Connect per request (no pool), 0 network time; the single postmaster spends 2 ms on each setup, Poisson λ = 350/s:
        // ρ = 0.7 and the Pollaczek–Khinchine wait ρS/(2(1 − ρ)) = 2.333 ms.
        const double rate = 350, s = 0.002;
        StackScenario scenario = CpuThenQuery(Deterministic.Of(0), Exponential.FromMean(0.001), cores: 1000, rate: rate, seed: 24);
        scenario = scenario with
        {
            DbConnections = scenario.DbConnections with { Pool = null },
            Database = scenario.Database with { Cores = 1000, PostmasterCpuSeconds = s },
        };
        StackReplicationResult[] runs = StackExperiment.Run(scenario);
        MG1Result theory = MD1.Compute(rate, s);
        var check = new ReplicationCheck(output, checks: 2, FamilyLevel);
        check.Interval("postmaster wait (M/D/1)", theory.Wq, runs.Select(r => r.PostmasterWaitSeconds).ToList(), 0.05);
        check.Interval("postmaster utilization ρ", rate * s, runs.Select(r => r.PostmasterUtilization).ToList(), 0.01);
        check.AssertAll();
        Assert.Equal(2.3333e-3, theory.Wq, 1e-7);
    }

    [Fact]
    public void OneNginxWorker_DeterministicCpu_WaitIsMD1()
    {
        // proxy.cpu = 2 ms in one nginx worker, on plenty of cores: the worker is an M/D/1 queue at λ = 350/s (ρ = 0.7):
        // the wait is 2.333 ms, the request's latency (nothing else takes time) Wq + S = 4.333 ms.
        const double rate = 350, s = 0.002;
        StackScenario scenario = Scenarios.Bare(200, Deterministic.Of(0), rate, duration: 400, warmup: 50, replications: 10, seed: 25);
        scenario = scenario with { Proxy = scenario.Proxy with { CpuSeconds = s, Workers = 1 } };
        StackReplicationResult[] runs = StackExperiment.Run(scenario);
        MG1Result theory = MD1.Compute(rate, s);
        var check = new ReplicationCheck(output, checks: 4, FamilyLevel);
        check.Interval("nginx worker wait (M/D/1)", theory.Wq, runs.Select(r => r.NginxWorkerWaitSeconds).ToList(), 0.05);
        check.Interval("latency Wq + S", theory.W, runs.Select(r => r.LatencyMeanSeconds).ToList(), 0.03);
        check.Interval("nginx worker utilization ρ", rate * s, runs.Select(r => r.NginxWorkerUtilization).ToList(), 0.01);
        check.Interval("webHostCpu.proxy λS/cores", rate * s / 1000, runs.Select(r => r.WebHostCpuProxy).ToList(), 0.01);
        check.AssertAll();
    }

    [Fact]
    public void Wakeup_AtLowLoad_AddsExactlyItsCpuPerReply()
    {
        // One user at a time (closed, N = 1): a Redis GET of 1 ms and a query of 10 ms, each reply followed by 0.5 ms of
        // wake-up CPU on an idle host: every request takes exactly 1 + 10 + 2 × 0.5 = 12 ms.
        StackScenario s = CpuThenQuery(Deterministic.Of(0), Deterministic.Of(0.010), cores: 2,
            closed: new ClosedLoad { Users = 1, ThinkTimeSeconds = Exponential.FromMean(1) }, duration: 200, replications: 2, seed: 26);
        s = s.WithSteps(new CacheGetStep { Guards = 0 }, new DbStep { Queries = 1, QueryTimeSeconds = Deterministic.Of(0.010) }) with
        {
            Cache = s.Cache with { Enabled = true, MaxConnections = 10, OperationTimeSeconds = Deterministic.Of(0.001), HitRatio = 0.5 },
            Host = s.Host with { WakeupCpuSeconds = 0.0005 },
        };
        StackReplicationResult[] runs = StackExperiment.Run(s);
        Assert.All(runs, r =>
        {
            Assert.Equal(0.012, r.LatencyMeanSeconds, 1e-9);
            Assert.Equal(0.012, r.LatencyMaxSeconds, 1e-9);
            Assert.Equal(r.ThroughputPerSecond * 2 * 0.0005 / 2, r.WebHostCpuWakeup, 1e-4);
        });
        StackReplicationResult[] without = StackExperiment.Run(s with { Host = s.Host with { WakeupCpuSeconds = 0 } });
        Assert.All(without, r => Assert.Equal(0.011, r.LatencyMeanSeconds, 1e-9));
    }

    [Fact]
    public void CoLocatedGeneratorAndCelery_LoadTheWebHostByTheirCpu()
    {
        // Open λ = 100/s on 2 web cores; a co-located load generator spends 1 ms per request and Celery on the web host runs
        // a 4 ms task for half of the requests: shares λ·1 ms/2 = 0.05 and 0.5·λ·4 ms/2 = 0.1 of the cores.
        const double rate = 100;
        StackScenario s = Scenarios.Bare(200, Deterministic.Of(0), rate, duration: 400, warmup: 50, replications: 10, seed: 27)
            .WithSteps(new EnqueueStep { Probability = 0.5 });
        s = s with
        {
            Host = s.Host with { Cores = 2 },
            TaskQueue = new TaskQueueSpec { Steps = [new CpuStep { WorkSeconds = Exponential.FromMean(0.004) }], Concurrency = 4, Cores = 1, BrokerLatencySeconds = Deterministic.Of(0.001) },
            Placement = new PlacementSpec { LoadGenerator = Placement.Web, GeneratorCpuSeconds = 0.001, TaskQueue = Placement.Web },
        };
        StackReplicationResult[] runs = StackExperiment.Run(s);
        var check = new ReplicationCheck(output, checks: 3, FamilyLevel);
        check.Interval("webHostCpu.generator", rate * 0.001 / 2, runs.Select(r => r.WebHostCpuGenerator).ToList(), 0.02);
        check.Interval("webHostCpu.taskQueue", 0.5 * rate * 0.004 / 2, runs.Select(r => r.WebHostCpuTaskQueue).ToList(), 0.02);
        check.Interval("web host utilization", rate * 0.001 / 2 + 0.5 * rate * 0.004 / 2, runs.Select(r => r.CpuUtilization).ToList(), 0.02);
        check.AssertAll();
    }

    [Fact]
    public void OwnPlacement_IgnoresGeneratorCpu_AndChangesNothing()
    {
        StackScenario s = CpuThenQuery(Exponential.FromMean(0.004), Exponential.FromMean(0.006), cores: 1, rate: 50, duration: 100, replications: 2);
        StackReplicationResult[] a = StackExperiment.Run(s);
        StackReplicationResult[] b = StackExperiment.Run(s with { Placement = new PlacementSpec { GeneratorCpuSeconds = 0.005 } });
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i].LatencyMeanSeconds, b[i].LatencyMeanSeconds);
            Assert.Equal(a[i].CpuUtilization, b[i].CpuUtilization);
            Assert.Equal(0, b[i].WebHostCpuGenerator);
            Assert.True(double.IsNaN(b[i].PostmasterUtilization) && double.IsNaN(b[i].NginxWorkerUtilization));
        }
    }

    [Theory]
    [InlineData("placement.database=\"elsewhere\"", "$.placement.database", "\"elsewhere\"", "one of own, web")]
    [InlineData("proxy.workers=1001", "$.proxy.workers", "1001", "too large; allowed: a whole number in [0, 1000]")]
    public void Fields_OutOfRange_AreRefusedByName(string set, string path, string value, string allowed)
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(ScenarioLoaderTests.Minimal, set);
        ValidationError e = Assert.Single(r.Errors);
        Assert.Equal((path, value, allowed), (e.Path, e.Value, e.Allowed));
    }

    [Theory]
    [InlineData("host.wakeupCpu=\"-1ms\"", "$.host.wakeupCpu")]
    [InlineData("database.postmasterCpu=\"-1ms\"", "$.database.postmasterCpu")]
    [InlineData("proxy.cpu=\"-1ms\"", "$.proxy.cpu")]
    [InlineData("placement.generatorCpu=\"-1ms\"", "$.placement.generatorCpu")]
    public void NegativeCpu_IsRefusedByName(string set, string path)
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(ScenarioLoaderTests.Minimal, set);
        Assert.Equal(path, Assert.Single(r.Errors).Path);
    }

    [Fact]
    public void Placement_ReadsFromJson()
    {
        ScenarioLoadResult r = ScenarioLoaderTests.Load(ScenarioLoaderTests.Minimal, "placement.database=\"web\"", "placement.loadGenerator=\"web\"", "placement.generatorCpu=\"2ms\"");
        Assert.Empty(r.Errors);
        PlacementSpec p = r.Phases[0].Scenario.Placement;
        Assert.Equal((Placement.Web, Placement.Own, Placement.Own, Placement.Web, 0.002), (p.Database, p.Cache, p.TaskQueue, p.LoadGenerator, p.GeneratorCpuSeconds));
    }

    private static double Part(StackReplicationResult r, BreakdownCategory category) => r.Breakdown.Single(b => b.Category == category).TotalSeconds;
}
