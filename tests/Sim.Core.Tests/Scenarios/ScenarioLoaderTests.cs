using Sim.Core.Tests.Readme;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Stack;
using Sim.Validation;

namespace Sim.Core.Tests.Scenarios;

public class ScenarioLoaderTests
{
    internal const string Minimal = """
        { "load": { "open": { "rate": "50/s" } }, "classes": [ { "name": "page", "steps": [ { "cpu": "20ms" } ] } ] }
        """;

    internal static ScenarioLoadResult Load(string json, params string[] overrides) => ScenarioLoader.Load(json, "test.json", overrides);

    internal static StackScenario Ok(string json, params string[] overrides)
    {
        ScenarioLoadResult r = Load(json, overrides);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        return r.Baseline;
    }

    [Fact]
    public void Minimal_Loads_WithDocumentedDefaults()
    {
        StackScenario s = Ok(Minimal);
        Assert.Equal("test", s.Name);
        Assert.Equal(50, s.Load.Open!.RatePerSecond);
        Assert.Null(s.Load.Closed);
        Assert.Equal(new RunSettings { DurationSeconds = 300, WarmupSeconds = 60, Replications = 5, Seed = 1, MaxInFlight = 100_000 }, s.Run);
        Assert.Equal(new WorkerPoolSpec { Count = 1, Backlog = 2048, TimeoutSeconds = 30, RestartTimeSeconds = 1, MemoryPerWorkerBytes = 60e6 }, s.Workers);
        Assert.Equal(new HostSpec { Cores = 2, BaseMemoryBytes = 500e6, TotalMemoryBytes = 4e9 }, s.Host);
        Assert.Equal(new LoadBalancerSpec { Servers = 1, Policy = BalancingPolicy.RoundRobin, LatencySeconds = 0 }, s.LoadBalancer);
        Assert.Equal(100, s.Database.MaxConnections);
        Assert.Equal(0, s.DbConnections.ConnMaxAgeSeconds);
        Assert.Equal(Uniform.Between(0.005, 0.010).Mean, s.DbConnections.ConnectTimeSeconds.Mean, 12);
        Assert.Null(s.DbConnections.Pool);
        Assert.Null(s.TaskQueue);
        Assert.True(s.Cache.Enabled);
        Assert.Equal(0, s.Cache.HitRatio);
        Assert.Equal(1e8, s.Network.ClientBandwidthBitsPerSecond.Mean);
        Assert.Equal(new SloSpec { LatencyQuantile = 0.95, LatencyLimitSeconds = 0.5, MaxErrorRate = 0.001 }, s.Slo);
        var page = Assert.Single(s.Classes);
        Assert.Equal(1, page.Weight);
        Assert.False(page.StaticAtProxy);
        Assert.Equal(0.02, Assert.IsType<CpuStep>(Assert.Single(page.Steps)).WorkSeconds.Mean, 15);
        Assert.Equal("baseline", Assert.Single(Load(Minimal).Phases).Name);
    }

    internal const string Full = """
        {
          // every field, with units
          "name": "full", "description": "all of it",
          "run": { "duration": "10min", "warmup": "auto", "replications": 7, "seed": 18446744073709551615, "maxInFlight": 5000, },
          "load": { "open": { "profile": [ { "at": "0", "rate": "10/s" }, { "at": "1min", "rate": "600/min" }, { "at": "2min", "rate": "30 rps" } ] } },
          "loadBalancer": { "servers": 3, "policy": "powerOfTwoChoices", "latency": "1ms" },
          "proxy": { "maxConnections": 2000, "clientKeepalive": false, "handshake": "30ms", "handshakeCpu": "2ms",
                     "upstreamKeepalive": false, "upstreamConnect": "1ms", "gzip": { "enabled": true, "ratio": "30%", "cpuPerMB": "12ms" },
                     "buffering": false, "staticHitRatio": 0.25, "serviceTime": { "exponential": { "mean": "200us" } } },
          "workers": { "count": 8, "backlog": 64, "timeout": "20s", "restartTime": "3s", "memoryPerWorker": "100MiB" },
          "host": { "cores": 16, "baseMemory": "2GB", "totalMemory": "32GiB" },
          "cache": { "enabled": true, "maxConnections": 20, "whenExhausted": "error", "operationTime": "700us",
                     "keySpace": { "keys": 100000, "zipfExponent": 0.9, "objectSize": "4KB", "maxMemory": "512MB", "ttl": "5min" } },
          "dbConnections": { "connMaxAge": "600s", "connectTime": "8ms", "connectCpu": "3ms", "pool": { "size": 40, "waitTimeout": "2s" } },
          "database": { "maxConnections": 200, "cores": 8, "connectCpu": "4ms", "memoryPerConnection": "9MB", "readReplicas": 2, "replicaReads": "80%" },
          "taskQueue": { "brokerLatency": "3ms", "concurrency": 6, "cores": 3, "steps": [ { "cpu": "40ms" }, { "db": { "queries": 2, "time": "4ms", "write": true } } ] },
          "network": { "clientBandwidth": "20Mbit/s", "roundTrip": "40ms" },
          "webSockets": { "connections": 234, "memoryPerConnection": "380KB" },
          "classes": [
            { "name": "page", "weight": 7, "steps": [
                { "cpu": { "lognormal": { "median": "20ms", "p95": "80ms" } } },
                { "cacheGet": { "guards": 2 } },
                { "db": { "queries": 8, "time": "3ms" } },
                { "cacheSet": {} },
                { "external": "80ms" },
                { "enqueue": { "probability": 0.1 } },
                { "respond": { "size": "500KB" } } ] },
            { "name": "static", "weight": 3, "staticAtProxy": true, "steps": [ { "respond": { "size": { "exponential": { "mean": "100KB" } } } } ] }
          ],
          "slo": { "p99.9": "2s", "errorRate": 0.002 }
        }
        """;

    [Fact]
    public void Full_RoundTripsEveryField_WithUnitsConverted()
    {
        StackScenario s = Ok(Full);
        Assert.Equal(("full", "all of it"), (s.Name, s.Description));
        Assert.Equal(new RunSettings { DurationSeconds = 600, WarmupSeconds = null, Replications = 7, Seed = ulong.MaxValue, MaxInFlight = 5000 }, s.Run);
        Assert.Equal([new RatePoint { AtSeconds = 0, RatePerSecond = 10 }, new RatePoint { AtSeconds = 60, RatePerSecond = 10 }, new RatePoint { AtSeconds = 120, RatePerSecond = 30 }], s.Load.Open!.Profile);
        Assert.Equal(new LoadBalancerSpec { Servers = 3, Policy = BalancingPolicy.PowerOfTwoChoices, LatencySeconds = 0.001 }, s.LoadBalancer);
        ProxySpec p = s.Proxy;
        Assert.Equal((2000, false, 0.030, 0.002, false, 0.001), (p.MaxConnections, p.ClientKeepalive, p.HandshakeSeconds.Mean, p.HandshakeCpuSeconds, p.UpstreamKeepalive, p.UpstreamConnectSeconds.Mean));
        Assert.Equal(new GzipSpec { Enabled = true, Ratio = 0.3, CpuSecondsPerMegabyte = 0.012 }, p.Gzip);
        Assert.Equal((false, 0.25, 0.0002), (p.Buffering, p.StaticHitRatio, p.ServiceTimeSeconds.Mean));
        Assert.Equal(new WorkerPoolSpec { Count = 8, Backlog = 64, TimeoutSeconds = 20, RestartTimeSeconds = 3, MemoryPerWorkerBytes = 100 * 1024 * 1024 }, s.Workers);
        Assert.Equal(new HostSpec { Cores = 16, BaseMemoryBytes = 2e9, TotalMemoryBytes = 32.0 * 1024 * 1024 * 1024 }, s.Host);
        Assert.Equal((true, 20, ConnectionExhaustion.Error, 0.0007), (s.Cache.Enabled, s.Cache.MaxConnections, s.Cache.WhenExhausted, s.Cache.OperationTimeSeconds.Mean));
        KeySpaceSpec k = s.Cache.KeySpace!;
        Assert.Equal((100_000L, 0.9, 4000.0, 512e6, 300.0), (k.Keys, k.ZipfExponent, k.ObjectSizeBytes.Mean, k.MaxMemoryBytes, k.TtlSeconds));
        Assert.Equal((600.0, 0.008, 0.003), (s.DbConnections.ConnMaxAgeSeconds, s.DbConnections.ConnectTimeSeconds.Mean, s.DbConnections.ConnectCpuSeconds));
        Assert.Equal(new DbPoolSpec { Size = 40, WaitTimeoutSeconds = 2 }, s.DbConnections.Pool);
        Assert.Equal(new DatabaseSpec { MaxConnections = 200, Cores = 8, ConnectCpuSeconds = 0.004, MemoryPerConnectionBytes = 9e6, ReadReplicas = 2, ReplicaReads = 0.8 }, s.Database);
        TaskQueueSpec t = s.TaskQueue!;
        Assert.Equal((0.003, 6, 3), (t.BrokerLatencySeconds.Mean, t.Concurrency, t.Cores));
        Assert.Collection(t.Steps, x => Assert.IsType<CpuStep>(x), x => Assert.True(((DbStep)x).Write));
        Assert.Equal((20e6, 0.04), (s.Network.ClientBandwidthBitsPerSecond.Mean, s.Network.RoundTripSeconds));
        Assert.Equal(new WebSocketSpec { Connections = 234, MemoryPerConnectionBytes = 380e3 }.ToString(), s.WebSockets.ToString()); // it holds a distribution (lifetime): compared as text
        RequestClass page = s.Classes[0];
        Assert.Equal(("page", 7.0, false), (page.Name, page.Weight, page.StaticAtProxy));
        Assert.Collection(page.Steps,
            x => Assert.Equal(0.02, ((LogNormal)((CpuStep)x).WorkSeconds).Median, 12),
            x => Assert.Equal(new CacheGetStep { Guards = 2 }, x),
            x => Assert.Equal((8, 0.003, false), (((DbStep)x).Queries, ((DbStep)x).QueryTimeSeconds.Mean, ((DbStep)x).Write)),
            x => Assert.IsType<CacheSetStep>(x),
            x => Assert.Equal(0.08, ((ExternalCallStep)x).LatencySeconds.Mean),
            x => Assert.Equal(new EnqueueStep { Probability = 0.1 }, x),
            x => Assert.Equal(500e3, ((RespondStep)x).SizeBytes.Mean));
        Assert.True(s.Classes[1].StaticAtProxy);
        Assert.Equal(100e3, ((RespondStep)s.Classes[1].Steps[0]).SizeBytes.Mean, 6);
        Assert.Equal(0.999, s.Slo.LatencyQuantile, 12);
        Assert.Equal((2.0, 0.002), (s.Slo.LatencyLimitSeconds, s.Slo.MaxErrorRate));
    }

    private const string WithPhases = """
        { "load": { "closed": { "users": 500 } },
          "workers": { "count": 3 },
          "classes": [ { "name": "page", "steps": [ { "db": { "queries": 8, "time": "3ms" } } ] }, { "name": "api", "weight": 2 } ],
          "phases": [
            { "name": "more-workers", "description": "8 workers", "set": { "workers.count": 8 } },
            { "name": "pooling", "set": { "dbConnections.connMaxAge": "600s", "classes.page.steps[0].db.queries": 2 } },
            { "name": "scale", "set": { "loadBalancer.servers": 3, "load.closed.users": 1500, "classes[1].weight": 5 } }
          ] }
        """;

    [Fact]
    public void Phases_AreCumulative_BaselineFirst_ChangesListed()
    {
        ScenarioLoadResult r = Load(WithPhases);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(["baseline", "more-workers", "pooling", "scale"], r.Phases.Select(p => p.Name));
        Assert.Empty(r.Phases[0].Changes);
        Assert.Equal("8 workers", r.Phases[1].Description);
        Assert.Equal([new("dbConnections.connMaxAge", "\"600s\""), new("classes.page.steps[0].db.queries", "2")], r.Phases[2].Changes);
        int[] workers = [.. r.Phases.Select(p => p.Scenario.Workers.Count)];
        Assert.Equal([3, 8, 8, 8], workers);
        Assert.Equal([0.0, 0, 600, 600], r.Phases.Select(p => p.Scenario.DbConnections.ConnMaxAgeSeconds));
        Assert.Equal([8, 8, 2, 2], r.Phases.Select(p => ((DbStep)p.Scenario.Classes[0].Steps[0]).Queries));
        Assert.Equal([500, 500, 500, 1500], r.Phases.Select(p => p.Scenario.Load.Closed!.Users));
        Assert.Equal([2.0, 2, 2, 5], r.Phases.Select(p => p.Scenario.Classes[1].Weight));
    }

    [Fact]
    public void Overrides_TypedValues_Units_ClassByName()
    {
        StackScenario s = Ok(WithPhases, "workers.count=6", "dbConnections.connMaxAge=90s", "classes.api.weight=4",
            "load.closed.users=42", "slo.p99=1s", "proxy.gzip.enabled=true", "cache.hitRatio=35%", "dbConnections.pool={\"size\": 12}");
        Assert.Equal(6, s.Workers.Count);
        Assert.Equal(90, s.DbConnections.ConnMaxAgeSeconds);
        Assert.Equal(4, s.Classes[1].Weight);
        Assert.Equal(42, s.Load.Closed!.Users);
        Assert.Equal((0.99, 1.0), (s.Slo.LatencyQuantile, s.Slo.LatencyLimitSeconds));
        Assert.True(s.Proxy.Gzip.Enabled);
        Assert.Equal(0.35, s.Cache.HitRatio, 15);
        Assert.Equal(new DbPoolSpec { Size = 12, WaitTimeoutSeconds = 5 }, s.DbConnections.Pool);
        // Overrides come before phases: a phase that sets the same field wins from that phase on.
        Assert.Equal([6, 8, 8, 8], Load(WithPhases, "workers.count=6").Phases.Select(p => p.Scenario.Workers.Count));
    }

    [Theory]
    [InlineData("workers.cont=8", "--set workers.cont", "did you mean 'count'?")]
    [InlineData("wokers.count=8", "--set wokers.count", "did you mean 'workers'?")]
    [InlineData("classes.nope.weight=2", "--set classes.nope.weight", "no element with name 'nope'")]
    [InlineData("classes[5].weight=2", "--set classes[5].weight", "[5] does not exist")]
    [InlineData("workers.count.x=2", "--set workers.count.x", "is a value")]
    [InlineData("workers.count", "--set", "path=value")]
    public void Overrides_BadPath_IsAnError(string text, string path, string allowed)
    {
        ValidationError e = Assert.Single(Load(WithPhases, text).Errors);
        Assert.Equal(path, e.Path);
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    private static ValidationError OneError(string json, params string[] overrides)
    {
        ScenarioLoadResult r = Load(json, overrides);
        Assert.False(r.Succeeded);
        Assert.Empty(r.Phases);
        return Assert.Single(r.Errors);
    }

    [Fact]
    public void MalformedJson_ReportsLineAndColumn()
    {
        ValidationError e = OneError("{\n  \"load\": { \"open\": { \"rate\": \"5/s\" } }\n  \"classes\": []\n}");
        Assert.Equal("$ (line 3, column 3)", e.Path);
        Assert.Equal("\"classes\": []", e.Value);
        Assert.StartsWith("valid JSON (test.json: ", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownField_SuggestsTheNearest()
    {
        ValidationError e = OneError(Minimal.Replace("\"load\"", "\"wokers\": { \"count\": 8 }, \"load\"", StringComparison.Ordinal));
        Assert.Equal("$.wokers", e.Path);
        Assert.Equal("{\"count\":8}", e.Value);
        Assert.StartsWith("unknown field 'wokers'; did you mean 'workers'?; allowed here: $schema, name, description, run, load", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongType_IsAnError()
    {
        ValidationError e = OneError(Minimal, "workers.count=\"eight\"");
        Assert.Equal(("$.workers.count", "\"eight\""), (e.Path, e.Value));
        Assert.Equal("expected a number, not a string; allowed: a whole number in [1, 1000]", e.Allowed);
    }

    [Fact]
    public void NegativeWorkers_IsOutOfRange()
    {
        ValidationError e = OneError(Minimal, "workers.count=-2");
        Assert.Equal(("$.workers.count", "-2"), (e.Path, e.Value));
        Assert.Equal("too small; allowed: a whole number in [1, 1000]", e.Allowed);
    }

    [Theory]
    // Sizes that would exhaust memory are refused by name, before anything is allocated.
    [InlineData("load.closed.users=20000000", "$.load.closed.users", "[1, 10000000]")]
    [InlineData("run.replications=20000", "$.run.replications", "[1, 10000]")]
    [InlineData("run.maxInFlight=2000000", "$.run.maxInFlight", "[1, 1000000]")]
    [InlineData("loadBalancer.servers=1001", "$.loadBalancer.servers", "[1, 1000]")]
    [InlineData("workers.count=100000", "$.workers.count", "[1, 1000]")]
    [InlineData("database.readReplicas=5000", "$.database.readReplicas", "[0, 1000]")]
    public void SizesBeyondWhatMemoryHolds_AreTooLarge(string patch, string path, string range)
    {
        string json = path.StartsWith("$.load.closed", StringComparison.Ordinal)
            ? Minimal.Replace("\"open\": { \"rate\": \"50/s\" }", "\"closed\": { \"users\": 10 }", StringComparison.Ordinal)
            : Minimal;
        ValidationError e = OneError(json, patch);
        Assert.Equal(path, e.Path);
        Assert.Equal($"too large; allowed: a whole number in {range}", e.Allowed);
    }

    [Fact]
    public void MissingClasses_AndMissingLoad_AreErrors()
    {
        ScenarioLoadResult r = Load("{}");
        Assert.Equal(2, r.Errors.Count);
        Assert.Contains(new ValidationError("$.load", "(missing)", "required: Where requests come from: exactly one of open, closed and populations."), r.Errors);
        Assert.Contains(new ValidationError("$.classes", "(missing)", "required: Request classes (at least one), chosen per request by weight."), r.Errors);
        ValidationError empty = OneError(Minimal, "classes=[]");
        Assert.Equal(("$.classes", "[]"), (empty.Path, empty.Value));
        Assert.StartsWith("a non-empty list", empty.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void BothOpenAndClosed_IsAnError()
    {
        ValidationError e = OneError(Minimal, "load.closed={\"users\": 10}");
        Assert.Equal("$.load", e.Path);
        Assert.Contains("\"closed\":{\"users\":10", e.Value, StringComparison.Ordinal);
        Assert.Equal("exactly one of open, closed, populations; open and closed are both given", e.Allowed);
    }

    [Fact]
    public void DurationWithoutUnit_IsAnError()
    {
        ValidationError e = OneError(Minimal, "workers.timeout=\"5\"");
        Assert.Equal(("$.workers.timeout", "\"5\""), (e.Path, e.Value));
        Assert.StartsWith("missing unit; write e.g. \"5ms\"", e.Allowed, StringComparison.Ordinal);
        Assert.EndsWith("allowed: a duration in (0, 1e7 s] with a unit, e.g. \"5ms\" (units: ns, us, ms, s, min, h)", e.Allowed, StringComparison.Ordinal);
        Assert.Equal("$.workers.timeout", OneError(Minimal, "workers.timeout=5").Path); // a bare number too
    }

    [Fact]
    public void BadEnum_ListsTheAllowedWords()
    {
        ValidationError e = OneError(Minimal, "loadBalancer.policy=leastConnection");
        Assert.Equal(("$.loadBalancer.policy", "\"leastConnection\""), (e.Path, e.Value));
        Assert.Equal("one of roundRobin, leastConnections, random, powerOfTwoChoices; did you mean 'leastConnections'?", e.Allowed);
    }

    [Fact]
    public void BadWorkerDispatch_NamesFieldValueAndAllowedWords()
    {
        ValidationError e = OneError(Minimal, "workers.dispatch=fifo");
        Assert.Equal(("$.workers.dispatch", "\"fifo\""), (e.Path, e.Value));
        Assert.Equal("one of longestIdle, mostRecentlyIdle, lowestIndex", e.Allowed);
        Assert.Equal(WorkerDispatch.MostRecentlyIdle, Ok(Minimal, "workers.dispatch=mostRecentlyIdle").Workers.Dispatch);
        Assert.Equal(WorkerDispatch.LongestIdle, Ok(Minimal).Workers.Dispatch); // the default: today's behaviour
    }

    [Fact]
    public void Clients_ReadWithUnits_Words_AndDefaults()
    {
        StackScenario s = Ok(Minimal, "clients.timeout=2s", "clients.patience={\"exponential\": {\"mean\": \"3s\"}}", "clients.retries.max=3",
            "clients.retries.on=[\"timeout\", \"500\", \"abandoned\"]", "clients.retries.backoff.jitter=equal", "clients.retries.backoff.initial=50ms");
        Assert.Equal(2.0, s.Clients.TimeoutSeconds);
        Assert.Equal(3.0, s.Clients.PatienceSeconds!.Mean, 1e-12);
        Assert.Equal([RetryTrigger.ClientTimeout, RetryTrigger.DatabaseError, RetryTrigger.Abandoned], s.Clients.Retries.On);
        Assert.Equal((3, 0.5, 0.05), (s.Clients.Retries.Max, s.Clients.Retries.Backoff.Jitter, s.Clients.Retries.Backoff.InitialSeconds));
        Assert.Equal(0.25, Ok(Minimal, "clients.retries.backoff.jitter=\"25%\"").Clients.Retries.Backoff.Jitter);
        ClientsSpec d = Ok(Minimal).Clients; // the defaults: no client behaviour
        Assert.Equal((null, null, 0), (d.TimeoutSeconds, d.PatienceSeconds, d.Retries.Max));
        Assert.Equal(new ClientsSpec().Retries.On, d.Retries.On);
        Assert.Equal(new BackoffSpec(), d.Retries.Backoff);
    }

    [Fact]
    public void BadClients_NameFieldValueAndWhatIsAllowed()
    {
        ValidationError e = OneError(Minimal, "clients.retries.on=[\"timeout\", \"502\"]");
        Assert.Equal(("$.clients.retries.on[1]", "\"502\""), (e.Path, e.Value));
        Assert.Equal("one of timeout, abandoned, refused, 500, 503, 504; did you mean '500'?", e.Allowed);
        e = OneError(Minimal, "clients.retries.backoff.jitter=half");
        Assert.Equal(("$.clients.retries.backoff.jitter", "\"half\""), (e.Path, e.Value));
        Assert.Equal("not a ratio; allowed: \"full\", \"equal\", \"none\", or a ratio in [0, 1] (a number like 0.35 or a percentage like \"35%\")", e.Allowed);
        e = OneError(Minimal, "clients.retries.backoff.jitter=1.5");
        Assert.Equal(("$.clients.retries.backoff.jitter", "1.5"), (e.Path, e.Value));
        e = OneError(Minimal, "clients.timeout=-1s");
        Assert.Equal(("$.clients.timeout", "\"-1s\""), (e.Path, e.Value));
        Assert.StartsWith("must not be negative; allowed: a duration in (0, 1e7 s]", e.Allowed, StringComparison.Ordinal);
        e = OneError(Minimal, "clients.timeout=0");
        Assert.Equal("$.clients.timeout", e.Path);
        e = OneError(Minimal, "clients.retries.backoff.multiplier=0.5");
        Assert.Equal(("$.clients.retries.backoff.multiplier", "0.5", "too small; allowed: a number in [1, 100]"), (e.Path, e.Value, e.Allowed));
        e = OneError(Minimal, "clients.retries.max=101");
        Assert.Equal(("$.clients.retries.max", "101", "too large; allowed: a whole number in [0, 100]"), (e.Path, e.Value, e.Allowed));
        e = OneError(Minimal, "clients.tiemout=1s");
        Assert.Contains("did you mean 'timeout'", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Clients_BuiltInCode_AreValidatedToo()
    {
        StackScenario s = Ok(Minimal);
        ValidationError e = Assert.Single((s with { Clients = new ClientsSpec { Retries = new RetrySpec { On = [(RetryTrigger)17] } } }).Validate());
        Assert.Equal(("$.clients.retries.on[0]", "17", "one of timeout, abandoned, refused, 500, 503, 504"), (e.Path, e.Value, e.Allowed));
        e = Assert.Single((s with { Clients = new ClientsSpec { TimeoutSeconds = double.NaN } }).Validate());
        Assert.Equal(("$.clients.timeout", "not a number"), (e.Path, e.Allowed.Split(';')[0]));
    }

    [Fact]
    public void BadPatchPath_NamesThePhase()
    {
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"p1\", \"set\": { \"workers.count\": 2 } }, { \"name\": \"p2\", \"set\": { \"workers.cuont\": 8 } } ] }";
        ValidationError e = OneError(json);
        Assert.Equal(("$.phases[1].set[\"workers.cuont\"]", "8"), (e.Path, e.Value));
        Assert.StartsWith("phase 'p2': unknown field 'cuont' in $.workers; did you mean 'count'?", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void References_AreReadPerPhase_AndThePhasesDoNotInheritTheBaselines()
    {
        string json = Minimal[..^1] + """
            , "reference": { "source": "document", "users": 500, "throughput": "100/s", "p95": "1200ms" },
              "phases": [ { "name": "p1", "set": { "workers.count": 2 }, "reference": { "source": "document", "users": 700 } },
                          { "name": "p2", "set": { "workers.count": 3 } } ] }
            """;
        ScenarioLoadResult r = Load(json);
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
        Assert.Equal(new PhaseReference { Source = "document", Users = 500, ThroughputPerSecond = 100, LatencyP95Seconds = 1.2 }, r.Phases[0].Reference);
        Assert.Equal(new PhaseReference { Source = "document", Users = 700 }, r.Phases[1].Reference);
        Assert.Null(r.Phases[2].Reference);
    }

    [Theory]
    [InlineData("\"users\": -1", "$.phases[0].reference.users", "-1")]
    [InlineData("\"throughput\": \"fast\"", "$.phases[0].reference.throughput", "\"fast\"")]
    [InlineData("\"userz\": 5", "$.phases[0].reference.userz", "5")]
    public void BadReference_IsNamedByItsPath(string field, string path, string value)
    {
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"p1\", \"set\": {}, \"reference\": { " + field + " } } ] }";
        ValidationError e = OneError(json);
        Assert.Equal((path, value), (e.Path, e.Value));
    }

    [Fact]
    public void BadPatchValue_IsReportedAtThePatch()
    {
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"p1\", \"set\": { \"workers.count\": 0 } } ] }";
        ValidationError e = OneError(json);
        Assert.Equal(("$.phases[0].set[\"workers.count\"]", "0"), (e.Path, e.Value));
        Assert.Equal("too small; allowed: a whole number in [1, 1000]", e.Allowed);
    }

    [Fact]
    public void DuplicateKeys_AreNamedWhereTheyAre_WithoutTheFrameworksWords()
    {
        // Was: "$: (document) — valid JSON without duplicate keys (test.json: An item with the same key has already been
        // added. Key: count (Parameter 'key'))".
        string json = "{ \"load\": { \"open\": { \"rate\": \"5/s\" } },\n  \"workers\": { \"count\": 2, \"count\": 3 },\n"
            + "  \"classes\": [ { \"name\": \"a\", \"steps\": [] }, { \"name\": \"b\", \"weight\": 1, \"weight\": 2 } ] }";
        ScenarioLoadResult r = Load(json);
        Assert.Equal(
        [
            new ValidationError("$.workers.count (line 2, column 28)", "\"count\"", "duplicate key: \"count\" is given twice in this object; JSON takes each key once, so keep one"),
            new ValidationError("$.classes[1].weight (line 3, column 74)", "\"weight\"", "duplicate key: \"weight\" is given twice in this object; JSON takes each key once, so keep one"),
        ], r.Errors);
        // In a --set value, which used to be taken as a string and refused as the wrong type.
        ValidationError e = OneError(Minimal, "workers={\"count\": 2, \"count\": 3}");
        Assert.Equal(("--set workers", "duplicate key: \"count\" is given twice in one object of the value; JSON takes each key once, so keep one"), (e.Path, e.Allowed));
    }

    [Theory]
    [InlineData("1e30", "too large")]
    [InlineData("18446744073709551616", "too large")]
    [InlineData("-1", "too small")]
    [InlineData("1.5", "expected a whole number")]
    [InlineData("\"7\"", "expected a number, not a string")]
    [InlineData("true", "wrong type")]
    public void ASeedOutOfRange_SaysWhy(string value, string why)
    {
        ValidationError e = OneError(Minimal, "run.seed=" + value);
        Assert.Equal(new ValidationError("$.run.seed", value, why + "; allowed: a whole number in [0, 18446744073709551615]"), e);
    }

    [Fact]
    public void DuplicatePhaseNames_AreAnError()
    {
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"p\", \"set\": {} }, { \"name\": \"p\", \"set\": {} } ] }";
        ValidationError e = OneError(json);
        Assert.Equal(new ValidationError("$.phases[1].name", "\"p\"", "a phase name not used by an earlier phase"), e);
    }

    // A phase name becomes a folder under 'sim phases --out': "../keep" wrote ../keep/results.json outside the folder,
    // "x/." and "." replaced another phase's results, a 300-character name or a newline failed only after the run.
    [Theory]
    [InlineData("\"../keep\"", "ASCII letters, digits, '-' and '_' (1 to 64 characters)")]
    [InlineData("\"/tmp/abs\"", "ASCII letters, digits")]
    [InlineData("\"x/.\"", "ASCII letters, digits")]
    [InlineData("\".\"", "ASCII letters, digits")]
    [InlineData("\"\"", "ASCII letters, digits")]
    [InlineData("\"summary.md\"", "ASCII letters, digits")]
    [InlineData("\"a\\nb\"", "ASCII letters, digits")]
    [InlineData("\"a|b\"", "ASCII letters, digits")]
    [InlineData("\"caf\u00e9\"", "ASCII letters, digits")]
    [InlineData("\"Baseline\"", "a phase name other than \"baseline\"")]
    [InlineData("\"report\"", "'sim phases --out' writes its own files under those names")]
    [InlineData("\"Summary\"", "'sim phases --out' writes its own files under those names")]
    [InlineData("\"latency-comparison\"", "'sim phases --out' writes its own files under those names")]
    [InlineData("\"NUL\"", "Windows refuses device names")]
    public void PhaseNames_ThatCannotBeAFolderOfTheirOwn_AreAnError(string name, string allowed)
    {
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"ok\", \"set\": {} }, { \"name\": " + name + ", \"set\": {} } ] }";
        ValidationError e = OneError(json);
        Assert.Equal("$.phases[1].name", e.Path);
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void PhaseNames_AreAtMost64Characters_AndUniqueIgnoringCase()
    {
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"" + new string('p', 64) + "\", \"set\": {} }, { \"name\": \"" + new string('q', 300) + "\", \"set\": {} } ] }";
        Assert.Equal("a name of at most 64 characters (this one has 300): it names the phase's folder in 'sim phases --out'", OneError(json).Allowed);
        json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"nginx\", \"set\": {} }, { \"name\": \"Nginx\", \"set\": {} } ] }";
        ValidationError e = OneError(json);
        Assert.Equal(("$.phases[1].name", "\"Nginx\""), (e.Path, e.Value));
        Assert.StartsWith("a phase name not used by an earlier phase, ignoring case ('nginx' is one already", e.Allowed, StringComparison.Ordinal);
        // A name that is not a string is one error (the wrong type), not two.
        Assert.Equal("a string", OneError(Minimal[..^1] + ", \"phases\": [ { \"name\": 7, \"set\": {} } ] }").Allowed);
    }

    [Theory]
    [InlineData("classes[0].steps=[{\"cacheGet\": {\"guards\": 2}}, {\"cpu\": \"1ms\"}]", "$.classes[0].steps[0].cacheGet.guards", "at most 1: the number of steps after this one")]
    [InlineData("classes[0].steps=[{\"respond\": {\"size\": \"1KB\"}}, {\"cpu\": \"1ms\"}]", "$.classes[0].steps[0]", "respond only as the last step")]
    [InlineData("classes[0].steps=[{\"enqueue\": {\"probability\": 1.5}}]", "$.classes[0].steps[0].enqueue.probability", "too large; allowed: a ratio in [0, 1]")]
    [InlineData("classes[0].steps=[{\"cpuu\": \"1ms\"}]", "$.classes[0].steps[0].cpuu", "unknown step 'cpuu'; did you mean 'cpu'?")]
    [InlineData("classes[0].weight=0", "$.classes[0].weight", "too small; allowed: a number > 0")]
    [InlineData("slo.p100=1s", "$.slo[\"p100\"]", "a latency quantile strictly between p0 and p100")]
    [InlineData("load.open.rate=\"5\"", "$.load.open.rate", "missing unit")]
    [InlineData("classes[0].name=\"a b\"", "$.classes[0].name", "ASCII letters, digits")]
    [InlineData("run.warmup=soon", "$.run.warmup", "or \"auto\"")]
    [InlineData("network.clientBandwidth=20", "$.network.clientBandwidth", "a bit rate > 0 with a unit")]
    [InlineData("cache.hitRatio=\"135%\"", "$.cache.hitRatio", "too large; allowed: a ratio in [0, 1]")]
    [InlineData("run.duration=\"1e7s\"", "$.run", "at most 1e9 requests in all")]                                 // ran until Ctrl-C
    [InlineData("run.duration=\"1e300s\"", "$.run.duration", "too large; allowed: a duration in (0, 1e7 s]")]
    [InlineData("load.open.rate=\"2e6/s\"", "$.run", "2e6 requests/s offered, for 360 s (warm-up + duration) × 5 replication(s)")]
    [InlineData("load.open.rate=\"0/s\"", "$.load.open.rate", "a rate in (0, 10000000]")]  // no requests: nothing to measure
    [InlineData("load.open.rate=\"1e308/s\"", "$.load.open.rate", "a rate in (0, 10000000]")]
    [InlineData("load.open={\"profile\": [{\"at\": \"0s\", \"rate\": \"2e7/s\"}]}", "$.load.open.profile[0].rate", "a rate in [0, 10000000]")]
    public void SemanticChecks(string overrideText, string path, string allowed)
    {
        ValidationError e = OneError(Minimal, overrideText);
        Assert.Equal(path, e.Path);
        Assert.Contains(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void HitRatioAndKeySpace_AreExclusive()
    {
        ValidationError e = OneError(Minimal, "cache.hitRatio=0.5", "cache.keySpace={\"keys\": 10}");
        Assert.Equal("$.cache", e.Path);
        Assert.Equal("at most one of hitRatio, keySpace; hitRatio and keySpace are both given", e.Allowed);
    }

    [Fact]
    public void TaskSteps_CannotRespond()
    {
        ValidationError e = OneError(Minimal, "taskQueue={\"steps\": [{\"respond\": {\"size\": \"1KB\"}}]}");
        Assert.Equal("$.taskQueue.steps[0].respond", e.Path);
    }

    [Fact]
    public void FiveProblems_GiveFiveErrorsAtOnce()
    {
        const string json = """
            { "wokers": 3,
              "run": { "duration": "5" },
              "load": { "open": { "rate": "5/s" }, "closed": { "users": 3 } },
              "loadBalancer": { "policy": "fastest" },
              "classes": [ { "name": "page", "weight": -1 } ] }
            """;
        ScenarioLoadResult r = Load(json);
        Assert.Equal(5, r.Errors.Count);
        Assert.Equal(new HashSet<string> { "$.wokers", "$.run.duration", "$.load", "$.loadBalancer.policy", "$.classes[0].weight" }, r.Errors.Select(e => e.Path).ToHashSet());
    }

    [Fact]
    public void NotErrors_ResourceShortagesAreSimulated()
    {
        // More DB connections than max_connections, a zero backlog and a tiny cache pool are things to simulate, not input errors.
        Ok(Minimal, "workers.count=500", "database.maxConnections=10", "workers.backlog=0", "cache.maxConnections=1");
    }

    [Fact]
    public void Never_Throws_OnOddInput()
    {
        foreach (string text in new[] { "", "null", "[]", "42", "{\"load\": null, \"classes\": [null, 3]}", "{\"a\":1,\"a\":2}", "{\"classes\": [{\"name\": \"x\", \"steps\": [{}, {\"cpu\": 1, \"db\": 2}, {\"db\": {}}]}]}" })
        {
            ScenarioLoadResult r = Load(text);
            Assert.False(r.Succeeded, text);
            Assert.All(r.Errors, e => Assert.False(string.IsNullOrEmpty(e.Allowed)));
        }
    }

    public static TheoryData<string> ShippedScenarios()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.EnumerateFiles(Path.Combine(ReadmeExampleTests.RepoRoot(), "scenarios"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!f.EndsWith("scenario.schema.json", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(ReadmeExampleTests.RepoRoot(), f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void ShippedScenario_LoadsWithoutErrors(string relativePath)
    {
        ScenarioLoadResult r = ScenarioLoader.LoadFile(Path.Combine(ReadmeExampleTests.RepoRoot(), relativePath));
        Assert.True(r.Succeeded, string.Join("\n", r.Errors));
    }

    [Fact]
    public void ShippedScenarios_IncludeTheTextbookSet()
    {
        var names = ((IEnumerable<object[]>)ShippedScenarios()).Select(d => Path.GetFileName((string)d[0])).ToHashSet();
        Assert.Superset(new HashSet<string> { "mm1.json", "mmc.json", "md1.json", "mg1-lognormal.json", "mmcc-erlang-b.json", "closed-interactive.json" }, names);
    }

    [Fact]
    public void MissingFile_IsAnError_NotAnException()
    {
        ScenarioLoadResult r = ScenarioLoader.LoadFile("/nonexistent/scenario.json");
        Assert.Equal("/nonexistent/scenario.json", Assert.Single(r.Errors).Path);
    }

    [Fact]
    public void AnOverrideAPhasePatchesOver_IsNamed_FromThatPhaseOn()
    {
        // --set applies before the phases, so a phase that sets the same field wins; the loader says so instead of
        // letting "run --phase nginx --set workers.count=4" silently run the phase's 8 workers.
        string json = Minimal[..^1] + """
            , "phases": [ { "name": "more", "set": { "workers.count": 8 } },
                          { "name": "same", "set": { "workers.timeout": "30s" } },
                          { "name": "class", "set": { "classes[0]": { "name": "page", "steps": [ { "cpu": "5ms" } ] } } } ] }
            """;
        ScenarioLoadResult r = Load(json, "workers.count=4", "workers.timeout=30s", "classes.page.steps[0].cpu=9ms", "run.seed=3");
        Assert.True(r.Succeeded, string.Join("; ", r.Errors));
        Assert.Empty(r.Phases[0].ReplacedOverrides);
        Assert.Equal(4, r.Phases[0].Scenario.Workers.Count);
        string workers = "--set workers.count=4 does not hold from phase 'more' on: it sets workers.count = 8 (--set applies before the phases)";
        Assert.Equal([workers], r.Phases[1].ReplacedOverrides);
        Assert.Equal([workers], r.Phases[2].ReplacedOverrides); // the same value ("30s" twice) is no conflict
        Assert.Equal(2, r.Phases[3].ReplacedOverrides.Count);    // a patch of the whole class covers a field inside it
        Assert.StartsWith("--set classes.page.steps[0].cpu=9ms does not hold from phase 'class' on: it sets classes[0] = ", r.Phases[3].ReplacedOverrides[1], StringComparison.Ordinal);
    }

    [Fact]
    public void AnSloOverride_APhaseReplacesWithAnotherLatencyKey_IsNamed()
    {
        // An SLO has one latency key, so the phase's p95 removes the --set p99: the override is lost as surely as when
        // both name the same key, though the two paths differ ($.slo["p99"] and $.slo["p95"]).
        string json = Minimal[..^1] + ", \"phases\": [ { \"name\": \"strict\", \"set\": { \"slo.p95\": \"200ms\" } } ] }";
        ScenarioLoadResult r = Load(json, "slo.p99=1s");
        Assert.True(r.Succeeded, string.Join("; ", r.Errors));
        Assert.Equal(0.95, r.Phases[1].Scenario.Slo.LatencyQuantile);
        Assert.Equal(["--set slo.p99=1s does not hold from phase 'strict' on: it sets slo.p95 = \"200ms\" (--set applies before the phases)"], r.Phases[1].ReplacedOverrides);
    }

    [Fact]
    public void AFolder_IsNamedAsSuch()
    {
        // Before: "Access to the path '/tmp' is denied."
        string folder = Path.GetTempPath().TrimEnd('/');
        ValidationError e = Assert.Single(ScenarioLoader.LoadFile(folder).Errors);
        Assert.Equal(new ValidationError(folder, "(folder)", "a scenario JSON file, not a folder"), e);
    }

    [Fact]
    public void AFileLongerThanTheLimit_IsRefused_WithoutReadingItAll()
    {
        // /dev/zero never ends: File.ReadAllText would run out of memory. A long real file is refused the same way.
        string path = Path.Combine(Path.GetTempPath(), "sim-long-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            File.WriteAllText(path, "{\"description\": \"" + new string('x', ScenarioLoader.MaxFileChars) + "\"}");
            ValidationError e = Assert.Single(ScenarioLoader.LoadFile(path).Errors);
            Assert.Equal("a scenario JSON file of at most 4,194,304 characters; this one is longer", e.Allowed);
            if (File.Exists("/dev/zero")) Assert.Equal(e.Allowed, Assert.Single(ScenarioLoader.LoadFile("/dev/zero").Errors).Allowed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ABinaryFile_IsNotEchoedToTheTerminal()
    {
        ValidationError e = OneError("{\"a\": \u0001\u0002\uFFFD}");
        Assert.Equal("(not text: is this a JSON file?)", e.Value);
        Assert.StartsWith("valid JSON", e.Allowed, StringComparison.Ordinal);
    }
}
