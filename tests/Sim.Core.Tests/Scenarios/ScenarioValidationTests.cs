using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Xunit;
using Sim.Core.Tests.Readme;
using Sim.Core.Tests.Stack;
using Sim.Distributions;
using Sim.Scenarios;
using Sim.Validation;

namespace Sim.Core.Tests.Scenarios;

/// <summary>
/// One validation path: a scenario built in code gets the errors the loader gives the same values written in JSON or
/// set with --set — the same JSON path, the same words, and (where JSON would write the value the same way) the same
/// value.
/// </summary>
public class ScenarioValidationTests
{
    private const string Base = """
        { "load": { "open": { "rate": "50/s" } },
          "classes": [ { "name": "page", "weight": 3, "steps": [ { "cpu": "20ms" }, { "respond": { "size": "50KB" } } ] },
                       { "name": "api", "steps": [ { "db": { "queries": 2, "time": "3ms" } } ] } ] }
        """;

    private static StackScenario Valid() => ScenarioLoaderTests.Ok(Base);

    private static StackScenario WithClass(StackScenario s, int i, Func<RequestClass, RequestClass> change) =>
        s with { Classes = [.. s.Classes.Select((c, k) => k == i ? change(c) : c)] };

    private static StackScenario WithSteps(StackScenario s, int i, params Step[] steps) => WithClass(s, i, c => c with { Steps = steps });

    // (name, --set overrides, the same change made in code, whether JSON writes the value as the validator formats it)
    private static readonly (string Name, string[] Set, Func<StackScenario, StackScenario> Code, bool SameValue)[] Cases =
    [
        ("no classes", ["classes=[]"], s => s with { Classes = [] }, true),
        ("null classes", ["classes=null"], s => s with { Classes = null! }, true),
        ("zero workers", ["workers.count=0"], s => s with { Workers = s.Workers with { Count = 0 } }, true),
        ("all-zero weights", ["classes[0].weight=0", "classes[1].weight=0"], s => WithClass(WithClass(s, 0, c => c with { Weight = 0 }), 1, c => c with { Weight = 0 }), true),
        ("negative weight", ["classes[1].weight=-2.5"], s => WithClass(s, 1, c => c with { Weight = -2.5 }), true),
        ("infinite weight", ["classes[0].weight=1e400"], s => WithClass(s, 0, c => c with { Weight = double.PositiveInfinity }), false),
        ("weights overflowing their sum", ["classes[0].weight=1.5e308", "classes[1].weight=1.5e308"],
            s => WithClass(WithClass(s, 0, c => c with { Weight = 1.5e308 }), 1, c => c with { Weight = 1.5e308 }), false),
        ("negative duration", ["workers.timeout=-5s"], s => s with { Workers = s.Workers with { TimeoutSeconds = -5 } }, true),
        ("zero duration", ["run.duration=\"0\""], s => s with { Run = s.Run with { DurationSeconds = 0 } }, true),
        ("negative size", ["workers.memoryPerWorker=-60MB"], s => s with { Workers = s.Workers with { MemoryPerWorkerBytes = -60e6 } }, true),
        ("zero replications", ["run.replications=0"], s => s with { Run = s.Run with { Replications = 0 } }, true),
        ("zero servers", ["loadBalancer.servers=0"], s => s with { LoadBalancer = s.LoadBalancer with { Servers = 0 } }, true),
        ("zero cores", ["host.cores=0"], s => s with { Host = s.Host with { Cores = 0 } }, true),
        ("negative backlog", ["workers.backlog=-1"], s => s with { Workers = s.Workers with { Backlog = -1 } }, true),
        ("too many workers", ["workers.count=1001"], s => s with { Workers = s.Workers with { Count = 1001 } }, true),
        ("null workers", ["workers=null"], s => s with { Workers = null! }, true),
        ("open and closed", ["load.closed={\"users\": 10}"], s => s with { Load = s.Load with { Closed = new ClosedLoad { Users = 10, ThinkTimeSeconds = Exponential.FromMean(5) } } }, false),
        ("neither open nor closed", ["load={}"], s => s with { Load = new LoadSpec { Open = null, Closed = null } }, true),
        ("zero rate", ["load.open.rate=\"0/s\""], s => s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 0, Profile = [] }, Closed = null } }, true),
        ("decreasing profile", ["load.open={\"profile\": [{\"at\": \"10s\", \"rate\": \"5/s\"}, {\"at\": \"5s\", \"rate\": \"5/s\"}]}"],
            s => s with { Load = new LoadSpec { Open = new OpenLoad { RatePerSecond = 0, Profile = [new RatePoint { AtSeconds = 10, RatePerSecond = 5 }, new RatePoint { AtSeconds = 5, RatePerSecond = 5 }] }, Closed = null } }, true),
        ("too much work", ["run.duration=\"1e7s\""], s => s with { Run = s.Run with { DurationSeconds = 1e7 } }, true),
        ("a duration beyond 1e7 s", ["run.duration=\"1e300s\""], s => s with { Run = s.Run with { DurationSeconds = 1e300 } }, false),
        ("respond not last", ["classes[0].steps=[{\"respond\": {\"size\": \"1KB\"}}, {\"cpu\": \"1ms\"}]"],
            s => WithSteps(s, 0, new RespondStep { SizeBytes = Deterministic.Of(1000) }, new CpuStep { WorkSeconds = Deterministic.Of(0.001) }), true),
        ("guards past the end", ["classes[0].steps=[{\"cacheGet\": {\"guards\": 2}}, {\"cpu\": \"1ms\"}]"],
            s => WithSteps(s, 0, new CacheGetStep { Guards = 2 }, new CpuStep { WorkSeconds = Deterministic.Of(0.001) }), true),
        ("no queries", ["classes[1].steps[0].db.queries=0"], s => WithSteps(s, 1, new DbStep { Queries = 0, QueryTimeSeconds = Deterministic.Of(0.003), Write = false }), true),
        ("probability above one", ["classes[0].steps=[{\"enqueue\": {\"probability\": 1.5}}]"], s => WithSteps(s, 0, new EnqueueStep { Probability = 1.5 }), true),
        ("a task that responds", ["taskQueue={\"steps\": [{\"respond\": {\"size\": \"1KB\"}}]}"],
            s => s with { TaskQueue = new TaskQueueSpec { BrokerLatencySeconds = Deterministic.Of(0.002), Concurrency = 4, Cores = 2, Steps = [new RespondStep { SizeBytes = Deterministic.Of(1000) }] } }, true),
        ("null step distribution", ["classes[0].steps[0].cpu=null"], s => WithSteps(s, 0, new CpuStep { WorkSeconds = null! }, new RespondStep { SizeBytes = Deterministic.Of(50e3) }), true),
        ("duplicate class names", ["classes[1].name=page"], s => WithClass(s, 1, c => c with { Name = "page" }), true),
        ("a class name with a space", ["classes[0].name=\"a b\""], s => WithClass(s, 0, c => c with { Name = "a b" }), true),
        ("SLO at p100", ["slo.p100=1s"], s => s with { Slo = new SloSpec { LatencyQuantile = 1, LatencyLimitSeconds = 1, MaxErrorRate = 0.001 } }, true),
        ("SLO error rate above one", ["slo.errorRate=2"], s => s with { Slo = s.Slo with { MaxErrorRate = 2 } }, true),
        ("zero bandwidth", ["network.clientBandwidth=\"0bit/s\""], s => s with { Network = s.Network with { ClientBandwidthBitsPerSecond = Deterministic.Of(0) } }, false),
        ("too many keys", ["cache.keySpace={\"keys\": 30000000}"],
            s => s with { Cache = s.Cache with { KeySpace = new KeySpaceSpec { Keys = 30_000_000, ZipfExponent = 1, ObjectSizeBytes = Deterministic.Of(10e3), MaxMemoryBytes = 0, TtlSeconds = 0 } } }, true),
        ("a size beyond 1 TB", ["workers.count=1000", "workers.memoryPerWorker=1e306B"],
            s => s with { Workers = s.Workers with { Count = 1000, MemoryPerWorkerBytes = 1e306 } }, false),
        ("gzip ratio zero", ["proxy.gzip.ratio=0"], s => s with { Proxy = s.Proxy with { Gzip = s.Proxy.Gzip with { Ratio = 0 } } }, true),
        ("several at once", ["workers.count=0", "host.cores=0", "classes=[]"],
            s => s with { Workers = s.Workers with { Count = 0 }, Host = s.Host with { Cores = 0 }, Classes = [] }, true),
    ];

    public static TheoryData<string> CaseNames() => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void CodeBuilt_GetsTheErrorsOfTheSameValuesInJson(string name)
    {
        var (_, set, code, sameValue) = Cases.Single(c => c.Name == name);
        IReadOnlyList<ValidationError> json = ScenarioLoaderTests.Load(Base, set).Errors;
        IReadOnlyList<ValidationError> built = code(Valid()).Validate();
        Assert.NotEmpty(json);
        if (sameValue) Assert.Equal(json, built);
        else Assert.Equal(json.Select(e => (e.Path, e.Allowed)), built.Select(e => (e.Path, e.Allowed)));
    }

    [Fact]
    public void Messages_NameThePath_TheValue_AndWhatIsAllowed()
    {
        StackScenario s = Valid();
        Assert.Equal([new ValidationError("$.classes", "[]", "a non-empty list (Request classes (at least one), chosen per request by weight)")],
            (s with { Classes = [] }).Validate());
        Assert.Equal([new ValidationError("$.workers.count", "0", "too small; allowed: a whole number in [1, 1000]")],
            (s with { Workers = s.Workers with { Count = 0 } }).Validate());
        Assert.Equal([new ValidationError("$.classes[0].weight", "NaN", "not a number; allowed: a number > 0")],
            WithClass(s, 0, c => c with { Weight = double.NaN }).Validate());
        Assert.Equal([new ValidationError("$.classes[0].weight", "Infinity", "too large; must be finite; allowed: a number > 0")],
            WithClass(s, 0, c => c with { Weight = double.PositiveInfinity }).Validate());
        Assert.Equal([new ValidationError("$.workers.timeout", "\"-5s\"", "must not be negative; allowed: a duration in (0, 1e7 s] with a unit, e.g. \"5ms\" (units: ns, us, ms, s, min, h)")],
            (s with { Workers = s.Workers with { TimeoutSeconds = -5 } }).Validate());
        Assert.Equal([new ValidationError("$.run.duration", "Infinity", "too large; must be finite; allowed: a duration in (0, 1e7 s] with a unit, e.g. \"5ms\" (units: ns, us, ms, s, min, h)")],
            (s with { Run = s.Run with { DurationSeconds = double.PositiveInfinity } }).Validate());
        ValidationError work = Assert.Single((s with { Run = s.Run with { DurationSeconds = 1e7 } }).Validate());
        Assert.Equal(("$.run", "about 2.5e9 requests"), (work.Path, work.Value));
        Assert.StartsWith("at most 1e9 requests in all, about 20 minutes on two cores: 50 requests/s offered, for 1e7 s", work.Allowed, StringComparison.Ordinal);
        Assert.Equal([new ValidationError("$.loadBalancer.policy", "7", "one of roundRobin, leastConnections, random, powerOfTwoChoices")],
            (s with { LoadBalancer = s.LoadBalancer with { Policy = (BalancingPolicy)7 } }).Validate());
        Assert.Equal([new ValidationError("$.workers.dispatch", "3", "one of longestIdle, mostRecentlyIdle, lowestIndex")],
            (s with { Workers = s.Workers with { Dispatch = (WorkerDispatch)3 } }).Validate());
    }

    private sealed record CustomStep : Step;

    // The shipped distributions refuse parameters whose mean or variance overflows; one written by a user may not.
    private sealed class Unbounded(double mean) : Distribution
    {
        public override double Mean => mean;

        public override double Variance => 1;

        public override double Sample(Sim.Randomness.RandomStream random) => mean;

        public override string Describe(DistributionUnit unit) => "unbounded";
    }

    [Fact]
    public void ADistributionWithoutAFiniteMean_IsAnError()
    {
        foreach (double mean in new[] { double.PositiveInfinity, double.NaN, -1 })
        {
            ValidationError e = Assert.Single(WithSteps(Valid(), 0, new CpuStep { WorkSeconds = new Unbounded(mean) }).Validate());
            Assert.Equal(("$.classes[0].steps[0].cpu", "\"unbounded\""), (e.Path, e.Value));
            Assert.StartsWith("a distribution with a finite mean in [0, 1e7 s] and a finite variance; this one has mean ", e.Allowed, StringComparison.Ordinal);
        }
    }

    // Each of these passed validation and then overflowed inside the model: "Delay must be finite" with a stack trace,
    // a key-space model that threw on a Zipf exponent above 50, or a silent 0 throughput.
    [Theory]
    [InlineData("proxy.handshakeCpu=1e306s", "$.proxy.handshakeCpu", "\"1e306s\"", "too large; allowed: a duration in [0, 1e7 s]")]
    [InlineData("proxy.gzip.cpuPerMB=1e300s", "$.proxy.gzip.cpuPerMB", "\"1e300s\"", "too large; allowed: a duration in [0, 1e7 s]")]
    [InlineData("workers.memoryPerWorker=1e308B", "$.workers.memoryPerWorker", "\"1e308B\"", "too large; allowed: a size in [0, 1 TB]")]
    [InlineData("classes[0].steps[1].respond.size=1e308B", "$.classes[0].steps[1].respond.size", "\"1e308B\"",
        "a distribution with a finite mean in [0, 1 TB] and a finite variance; this one has mean 1E+308 B and standard deviation 0 B")]
    [InlineData("classes[0].steps[0].cpu={\"exponential\":{\"mean\":\"1e306s\"}}", "$.classes[0].steps[0].cpu", "{\"exponential\":{\"mean\":\"1e306s\"}}",
        "a distribution with a finite mean in [0, 1e7 s] and a finite variance; this one has mean 1E+306 s and standard deviation +∞ s")]
    [InlineData("classes[0].steps[0].cpu={\"deterministic\":{\"value\":\"1e8s\"}}", "$.classes[0].steps[0].cpu", "{\"deterministic\":{\"value\":\"1e8s\"}}",
        "a distribution with a finite mean in [0, 1e7 s] and a finite variance; this one has mean 1E+08 s and standard deviation 0 s")]
    [InlineData("cache={\"keySpace\": {\"keys\": 100, \"zipfExponent\": 60}}", "$.cache.keySpace.zipfExponent", "60", "too large; allowed: a number in [0, 50]")]
    [InlineData("slo.p95=1e8s", "$.slo[\"p95\"]", "\"1e8s\"", "too large; allowed: a duration in (0, 1e7 s]")]
    [InlineData("run.warmup=1e8s", "$.run.warmup", "\"1e8s\"", "too large; allowed: a duration in [0, 1e7 s] with a unit, e.g. \"60s\", or \"auto\"")]
    public void HugeValues_AreRefused_WithTheBound(string set, string path, string value, string allowed)
    {
        ValidationError e = Assert.Single(ScenarioLoaderTests.Load(Base, set).Errors);
        Assert.Equal((path, value), (e.Path, e.Value));
        Assert.StartsWith(allowed, e.Allowed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"mixture\": [{\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 0}}}, {\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 1e6}}}]}")]
    [InlineData("{\"exponential\": {\"mean\": 2e7}}")]
    [InlineData("{\"gamma\": {\"shape\": 0.001, \"scale\": 1e10}}")]
    [InlineData("{\"weibull\": {\"shape\": 2, \"scale\": 2e7}}")]
    [InlineData("{\"uniform\": {\"min\": 0, \"max\": 1e6}}")]
    public void ABandwidthThatCanDrawZero_IsRefused(string bandwidth)
    {
        // A draw of 0 bit/s is a transfer of +∞ seconds: the run stopped with "Delay must be finite".
        ValidationError e = Assert.Single(ScenarioLoaderTests.Load(Base, "network.clientBandwidth=" + bandwidth).Errors);
        Assert.Equal("$.network.clientBandwidth", e.Path);
        Assert.StartsWith("a bandwidth that never draws 0 bit/s; this one can", e.Allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void ABandwidthSoSlowThatATransferOverflows_IsRefused_AndTheSeedsIsNot()
    {
        string tiny = "network.clientBandwidth={\"mixture\": [{\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 1e-320}}}, {\"weight\": 1, \"distribution\": {\"deterministic\": {\"value\": 1e6}}}]}";
        ValidationError e = Assert.Single(ScenarioLoaderTests.Load(Base, tiny).Errors);
        Assert.Equal("$.network.clientBandwidth", e.Path);
        Assert.StartsWith("a bandwidth that carries the largest response in a finite time: $.classes[0].steps[1].respond.size can draw 5E+04 B", e.Allowed, StringComparison.Ordinal);
        // Without a response body nothing is transferred, so the same bandwidth is harmless.
        Assert.Empty(ScenarioLoaderTests.Load(Base, tiny, "classes[0].steps=[{\"cpu\": \"1ms\"}]").Errors);
        // Lognormals and positive constants, as the shipped scenarios use, never draw 0.
        Assert.Empty(ScenarioLoaderTests.Load(Base, "network.clientBandwidth={\"mixture\": [{\"weight\": 0.997, \"distribution\": {\"lognormal\": {\"median\": 45e6, \"p95\": 115e6}}}, {\"weight\": 0.003, \"distribution\": {\"lognormal\": {\"median\": 250e3, \"p95\": 1e6}}}]}").Errors);
    }

    [Fact]
    public void EveryFieldAtItsBound_StillRuns()
    {
        // The bounds are chosen so that what the model derives from them stays finite: every duration at 1e7 s, every
        // size at 1 TB, on a short run (durations that long are never reached; the products are what matter).
        StackScenario s = Valid();
        s = s with
        {
            Run = s.Run with { DurationSeconds = 5, WarmupSeconds = 0, Replications = 1 },
            Proxy = s.Proxy with { ClientKeepalive = false, HandshakeCpuSeconds = 1e7, HandshakeSeconds = Deterministic.Of(1e7), Gzip = new GzipSpec { Enabled = true, Ratio = 1, CpuSecondsPerMegabyte = 1e7 }, SocketBufferBytes = 1e12, Buffering = false },
            Workers = s.Workers with { Count = 1000, TimeoutSeconds = 1e7, RestartTimeSeconds = 1e7, MemoryPerWorkerBytes = 1e12 },
            Host = s.Host with { BaseMemoryBytes = 1e12, TotalMemoryBytes = 1e12 },
            WebSockets = new WebSocketSpec { Connections = int.MaxValue, MemoryPerConnectionBytes = 1e12 },
            Network = new NetworkSpec { ClientBandwidthBitsPerSecond = Deterministic.Of(1), RoundTripSeconds = 1e7 },
            Classes = [new RequestClass { Name = "page", Weight = 1, Steps = [new CpuStep { WorkSeconds = Deterministic.Of(1e7) }, new RespondStep { SizeBytes = Exponential.FromMean(1e12) }] }],
        };
        Assert.Empty(s.Validate());
        Sim.Stack.StackReplicationResult r = Sim.Stack.StackExperiment.RunOne(s, 0);
        Assert.True(double.IsFinite(r.MemoryBytes) && r.MemoryBytes > 0);
    }

    [Fact]
    public void NullParts_AndUnknownSteps_AreErrors_NotExceptions()
    {
        StackScenario s = Valid() with { Run = null!, Slo = null!, Name = null! };
        Assert.Equal(["$.name", "$.run", "$.slo"], s.Validate().Select(e => e.Path));
        ValidationError step = Assert.Single(WithSteps(Valid(), 0, new CustomStep()).Validate());
        Assert.Equal("$.classes[0].steps[0]", step.Path);
        Assert.Equal("a step: an object with exactly one key, one of cpu, cpuAtLoad, cacheGet, cacheSet, db, external, enqueue, respond", step.Allowed);
        Assert.Single(WithSteps(Valid(), 0, null!).Validate());
    }

    [Fact]
    public void JsonNull_IsTheWrongType_NotASilentDefault()
    {
        // "--set load.open.rate=null" used to load as no rate at all, and "--set classes=null" as no classes.
        ValidationError rate = Assert.Single(ScenarioLoaderTests.Load(Base, "load.open.rate=null").Errors);
        Assert.Equal(("$.load.open.rate", "null"), (rate.Path, rate.Value));
        Assert.StartsWith("wrong type; allowed: a rate in (0, 10000000]", rate.Allowed, StringComparison.Ordinal);
        ValidationError classes = Assert.Single(ScenarioLoaderTests.Load(Base, "classes=null").Errors);
        Assert.Equal(new ValidationError("$.classes", "null", "a non-empty list (Request classes (at least one), chosen per request by weight)"), classes);
    }

    [Fact]
    public void AWholeNumberBeyondItsType_IsTooLarge_NotWrappedAround()
    {
        // 4294967297 would wrap to 1 in an int; 1e10 to a negative count.
        foreach (string value in new[] { "4294967297", "1e10" })
        {
            ValidationError e = Assert.Single(ScenarioLoaderTests.Load(Base, $"workers.count={value}").Errors);
            Assert.Equal(new ValidationError("$.workers.count", value, "too large; allowed: a whole number in [1, 1000]"), e);
        }
        ValidationError big = Assert.Single(ScenarioLoaderTests.Load(Base, "proxy.maxConnections=1e10").Errors);
        Assert.Equal("too large; allowed: a whole number ≥ 1", big.Allowed);
    }

    [Fact]
    public void AReaderError_IsNotRepeatedByTheValidator()
    {
        // The value the reader could not read becomes a placeholder; the validator's verdict on it is not shown.
        Assert.Single(ScenarioLoaderTests.Load(Base, "workers.count=\"eight\"").Errors);
        Assert.Single(ScenarioLoaderTests.Load(Base, "workers=3").Errors);
        Assert.Single(ScenarioLoaderTests.Load(Base, "classes[0]=7").Errors);
        Assert.Single(ScenarioLoaderTests.Load(Base, "load.open={\"profile\": []}").Errors);
        // A step that cannot be read keeps the index of the steps after it: the respond is still last.
        Assert.Single(ScenarioLoaderTests.Load(Base, "classes[0].steps[0]={\"cpuu\": \"1ms\"}").Errors);
    }

    [Fact]
    public void TheSloKey_IsNamedAsTheFileSpellsIt()
    {
        ValidationError e = Assert.Single(ScenarioLoaderTests.Load(Base, "slo={\"p99.90\": \"0s\"}").Errors);
        Assert.Equal(("$.slo[\"p99.90\"]", "\"0s\""), (e.Path, e.Value));
        Assert.StartsWith("out of range; allowed: a duration in (0, 1e7 s]", e.Allowed, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public bool RandomValues_GetTheSameErrorsBothWays(int workers, int servers, int backlog, NormalFloat weight, int cores, int replications)
    {
        string w = weight.Get.ToString("R", CultureInfo.InvariantCulture);
        IReadOnlyList<ValidationError> json = ScenarioLoaderTests.Load(Base, $"workers.count={workers}", $"loadBalancer.servers={servers}",
            $"workers.backlog={backlog}", $"classes[0].weight={w}", $"host.cores={cores}", $"run.replications={replications}").Errors;
        StackScenario s = Valid();
        IReadOnlyList<ValidationError> built = WithClass(s with
        {
            Workers = s.Workers with { Count = workers, Backlog = backlog },
            LoadBalancer = s.LoadBalancer with { Servers = servers },
            Host = s.Host with { Cores = cores },
            Run = s.Run with { Replications = replications },
        }, 0, c => c with { Weight = weight.Get }).Validate();
        return json.SequenceEqual(built);
    }

    [Property(MaxTest = 200)]
    public bool RandomStackScenarios_OfTheModelTests_AreValid(ulong seed) => StackProperties.RandomScenario(seed).Validate().Count == 0;

    // Breaks that apply to every shipped scenario: (--set override, the same change in code).
    private static readonly (string Set, Func<StackScenario, StackScenario> Code)[] Breaks =
    [
        ("workers.count=0", s => s with { Workers = s.Workers with { Count = 0 } }),
        ("classes[0].weight=0", s => WithClass(s, 0, c => c with { Weight = 0 })),
        ("classes=[]", s => s with { Classes = [] }),
        ("run.duration=\"0\"", s => s with { Run = s.Run with { DurationSeconds = 0 } }),
        ("workers.timeout=-1s", s => s with { Workers = s.Workers with { TimeoutSeconds = -1 } }),
        ("host.cores=0", s => s with { Host = s.Host with { Cores = 0 } }),
        ("slo.errorRate=2", s => s with { Slo = s.Slo with { MaxErrorRate = 2 } }),
        ("database.readReplicas=1001", s => s with { Database = s.Database with { ReadReplicas = 1001 } }),
    ];

    [Theory]
    [MemberData(nameof(ScenarioLoaderTests.ShippedScenarios), MemberType = typeof(ScenarioLoaderTests))]
    public void ShippedScenario_ValidatesTheSameBothWays(string relativePath)
    {
        string path = Path.Combine(ReadmeExampleTests.RepoRoot(), relativePath);
        ScenarioLoadResult loaded = ScenarioLoader.LoadFile(path);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        // Valid as a file, valid as a record: every phase.
        Assert.All(loaded.Phases, p => Assert.Empty(p.Scenario.Validate()));
        // Broken the same way as a file (--set on the baseline, phases left out) and in code: the same errors.
        var doc = (JsonObject)JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        doc.Remove("phases");
        string text = doc.ToJsonString();
        StackScenario baseline = loaded.Baseline;
        foreach (var (set, code) in Breaks)
        {
            IReadOnlyList<ValidationError> json = ScenarioLoader.Load(text, relativePath, [set]).Errors;
            Assert.NotEmpty(json);
            Assert.Equal(json, code(baseline).Validate());
        }
    }
}
