using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sim.Distributions;

namespace Sim.Scenarios;

/// <summary>
/// The scenario JSON format as one tree: the loader checks fields, fills defaults and resolves
/// <c>--set</c> and phase paths with it, and <see cref="ToJsonSchema"/> generates the JSON Schema shipped as
/// <c>scenarios/scenario.schema.json</c> (a test keeps the file equal to it). Thread safe: immutable.
/// </summary>
public static class ScenarioSchema
{
    /// <summary>
    /// The largest duration any field takes, and the largest mean of a duration distribution: 10⁷ s, about 116 days.
    /// Longer is a typo (a unit slip of 10³ or more), and bounds keep every time the model derives from it finite.
    /// </summary>
    public const double MaxDurationSeconds = 1e7;

    /// <summary>The largest size any field takes, and the largest mean of a size distribution: 10¹² bytes (1 TB).</summary>
    public const double MaxSizeBytes = 1e12;

    /// <summary>The largest link capacity: 10¹³ bit/s (10 Tbit/s).</summary>
    public const double MaxLinkBitsPerSecond = 1e13;

    // The largest factor of a CPU demand curve (cpuAtLoad.curve[].factor): 10, beyond which it is a typo, not a cache.
    internal const double MaxDemandFactor = 10;

    /// <summary>The largest arrival rate: 10⁷ requests per second.</summary>
    public const double MaxRatePerSecond = 1e7;

    private static LeafShape Dur(string doc, double? min = 0, bool exclusive = false) => new(doc, LeafKind.Duration, min, MaxDurationSeconds, exclusive);
    private static LeafShape Size(string doc) => new(doc, LeafKind.Bytes, 0, MaxSizeBytes);
    private static LeafShape Int(string doc, double min, double? max = null) => new(doc, LeafKind.Integer, min, max ?? int.MaxValue);
    private static LeafShape Ratio(string doc, double min = 0, bool exclusive = false) => new(doc, LeafKind.Ratio, min, 1, exclusive);
    private static LeafShape Bool(string doc) => new(doc, LeafKind.Bool);
    private static LeafShape TimeDist(string doc) => new(doc, LeafKind.DurationDistribution);
    private static LeafShape Where(string doc) => new(doc, LeafKind.Enum, Values: ["own", "web"]);

    // Bindings: where the reader puts a field's value (see Binding). One line per field, beside its JSON name, kind,
    // range and default, so that a new field is one entry here plus one property on its record.
    private static Binding To<TRecord, TValue>(Func<TRecord, TValue, TRecord> set) where TRecord : notnull =>
        new(typeof(TValue), (o, v) => set((TRecord)o, (TValue)v!));

    private static Binding ToEnum<TRecord, TEnum>(Func<TRecord, TEnum, TRecord> set) where TRecord : notnull where TEnum : struct, Enum =>
        new(typeof(string), (o, v) => v is string word && Enum.TryParse(word, ignoreCase: true, out TEnum e) ? set((TRecord)o, e) : o);

    private static Binding ToList<TRecord, TItem>(Func<TRecord, IReadOnlyList<TItem>, TRecord> set) where TRecord : notnull =>
        new(typeof(IReadOnlyList<TItem>), (o, v) => set((TRecord)o, [.. ((IEnumerable<object?>)v!).Cast<TItem>()]));

    private static Binding Make<TValue>(Func<TValue, object> make) => new(typeof(TValue), (_, v) => make((TValue)v!));

    /// <summary>The words of <c>clients.retries.on</c>, in the order of <see cref="RetryTrigger"/>'s members.</summary>
    internal static readonly string[] RetryWords = ["timeout", "abandoned", "refused", "500", "503", "504"];

    private static RetryTrigger[] RetryTriggers(IEnumerable<object?> words)
    {
        var triggers = new List<RetryTrigger>();
        foreach (object? w in words)
        {
            int i = w is string word ? Array.IndexOf(RetryWords, word) : -1;
            if (i >= 0 && !triggers.Contains((RetryTrigger)i)) triggers.Add((RetryTrigger)i);
        }
        return [.. triggers];
    }

    private static ArrayShape Steps(string doc) => new(doc, new OneKeyShape("One step: an object with exactly one key naming it.",
    [
        new("cpu", TimeDist("Application CPU work at one full core (processor sharing on the host's cores)."), To: Make<Distribution>(v => new CpuStep { WorkSeconds = v })),
        new("cpuAtLoad", new ObjectShape("Application CPU work whose demand depends on load: the drawn work times a factor read off a curve at the busy fraction of the host's cores when the step starts.",
        [
            new("work", TimeDist("CPU work at one full core before the factor."), Required: true, To: To((CpuStep o, Distribution v) => o with { WorkSeconds = v })),
            new("curve", new ArrayShape("Demand curve: piecewise-linear in busy, constant outside the points; busy non-decreasing.",
                new ObjectShape("A curve point.",
                [
                    new("busy", Ratio("Busy cores ÷ the host's cores when the step starts."), Required: true, To: To((DemandPoint o, double v) => o with { Busy = v })),
                    new("factor", new LeafShape("Multiplier of the drawn work at that busy fraction.", LeafKind.Number, 0, MaxDemandFactor, MinExclusive: true), Required: true, To: To((DemandPoint o, double v) => o with { Factor = v })),
                ], Create: () => new DemandPoint { Busy = 0, Factor = 1 }),
                MinCount: 1, Invalid: read => new DemandPoint { Busy = read.Count > 0 ? ((DemandPoint)read[^1]!).Busy : 0, Factor = 1 }),
                Required: true, To: ToList((CpuStep o, IReadOnlyList<DemandPoint> v) => o with { Curve = v })),
        ], Create: () => new CpuStep { WorkSeconds = Deterministic.Of(0), Curve = [] })),
        new("cacheGet", new ObjectShape("Redis GET; on a hit the next `guards` steps are skipped.",
            [new("guards", Int("Following steps skipped on a hit (≤ steps left).", 0), "0", To: To((CacheGetStep o, int v) => o with { Guards = v }))],
            Create: () => new CacheGetStep())),
        new("cacheSet", new ObjectShape("Redis SET.", [], Create: () => new CacheSetStep())),
        new("db", new ObjectShape("Database queries, one after another on the request's connection.",
        [
            new("queries", Int("Number of queries (N+1 shows up as a large count).", 1), "1", To: To((DbStep o, int v) => o with { Queries = v })),
            new("time", TimeDist("Time of one query on a database core."), Required: true, To: To((DbStep o, Distribution v) => o with { QueryTimeSeconds = v })),
            new("write", Bool("Writes go to the primary; reads may go to replicas."), "false", To: To((DbStep o, bool v) => o with { Write = v })),
        ], Create: () => new DbStep { QueryTimeSeconds = Deterministic.Of(0) })),
        new("external", TimeDist("Call to an external service: a pure delay that holds the worker."), To: Make<Distribution>(v => new ExternalCallStep { LatencySeconds = v })),
        new("enqueue", new ObjectShape("Publish a background task to the task queue.",
            [new("probability", Ratio("Chance that a request publishes a task."), "1", To: To((EnqueueStep o, double v) => o with { Probability = v }))],
            Create: () => new EnqueueStep())),
        new("respond", new ObjectShape("Produce the response body (must be the last step).",
            [new("size", new LeafShape("Uncompressed body size.", LeafKind.BytesDistribution), Required: true, To: To((RespondStep o, Distribution v) => o with { SizeBytes = v }))],
            Create: () => new RespondStep { SizeBytes = Deterministic.Of(0) })),
    ]));

    // The open and closed loads: the scenario's (load.open, load.closed) and each population's have the same fields.
    private static ObjectShape OpenShape() => new("Arrivals independent of responses: Poisson at a rate or a profile, or a recorded log replayed; exactly one of rate, profile and trace.",
    [
        new("rate", new LeafShape("Constant arrival rate.", LeafKind.Rate, 0, MaxRatePerSecond, MinExclusive: true), To: To((OpenLoad o, double v) => o with { RatePerSecond = v })),
        new("profile", new ArrayShape("Piecewise-linear rate profile, constant after the last point; a step is two points at one time.",
            new ObjectShape("A profile point.",
            [
                new("at", Dur("Simulated time."), Required: true, To: To((RatePoint o, double v) => o with { AtSeconds = v })),
                new("rate", new LeafShape("Arrival rate at that time.", LeafKind.Rate, 0, MaxRatePerSecond), Required: true, To: To((RatePoint o, double v) => o with { RatePerSecond = v })),
            ], Create: () => new RatePoint { AtSeconds = 0, RatePerSecond = 0 }),
            MinCount: 1, Invalid: read => new RatePoint { AtSeconds = read.Count > 0 ? ((RatePoint)read[^1]!).AtSeconds : 0, RatePerSecond = 0 }),
            To: ToList((OpenLoad o, IReadOnlyList<RatePoint> v) => o with { Profile = v })),
        new("trace", new ObjectShape("A recorded load replayed: each request of an nginx access log arrives at its recorded start, in the class its URL maps to.",
        [
            new("file", new LeafShape("The access log; a relative path is taken from the scenario file's folder.", LeafKind.Text), Required: true, To: To((TraceReplay o, string v) => o with { File = v })),
            new("format", new LeafShape("The log's format: the stack format (18 tab-separated fields), nginx's combined format, or decided from its first lines.", LeafKind.Enum,
                Values: ["auto", "stack", "combined"]), "\"auto\"", To: ToEnum((TraceReplay o, Sim.AccessLogs.AccessLogFormat v) => o with { Format = v })),
            new("speed", new LeafShape("Time compression: 2 replays the log twice as fast.", LeafKind.Number, 0, 10_000, MinExclusive: true), "1", To: To((TraceReplay o, double v) => o with { Speed = v })),
            new("loop", Bool("Repeat the log from its start after its last request."), "false", To: To((TraceReplay o, bool v) => o with { Loop = v })),
        ], Create: () => new TraceReplay()), To: To((OpenLoad o, TraceReplay? v) => o with { Trace = v })),
    ], ExactlyOne: [["rate", "profile", "trace"]], Create: () => new OpenLoad());

    private static ObjectShape ClosedShape() => new("N users alternating think time and one request.",
    [
        new("users", Int("Concurrent users N (at most 10,000,000: about 130 bytes each, per replication running).", 1, 10_000_000), Required: true, To: To((ClosedLoad o, int v) => o with { Users = v })),
        new("thinkTime", TimeDist("Think time Z between a response and the next request."), "{\"exponential\": {\"mean\": \"5s\"}}", To: To((ClosedLoad o, Distribution v) => o with { ThinkTimeSeconds = v })),
    ], Create: () => new ClosedLoad { Users = 0 });

    internal static ObjectShape Root { get; } = new("A Sim scenario: the stack, its load, run control, SLO and capacity-growth phases.",
    [
        new("$schema", new LeafShape("Editor hint; ignored.", LeafKind.Text)),
        new("name", new LeafShape("Scenario name.", LeafKind.Text), null, To: To((StackScenario o, string v) => o with { Name = v })),
        new("description", new LeafShape("Free text (the textbook scenarios state their analytic answer here).", LeafKind.Text), "\"\"", To: To((StackScenario o, string v) => o with { Description = v })),
        new("run", new ObjectShape("Run control. A run may offer at most 10⁹ requests in all (rate, or users ÷ mean think time, × (warm-up + duration) × replications): about 20 minutes on two cores.",
        [
            new("duration", Dur("Observed simulated time per replication.", 0, true), "\"300s\"", To: To((RunSettings o, double v) => o with { DurationSeconds = v })),
            new("warmup", new LeafShape("Discarded time before observing, or \"auto\" (MSER-5).", LeafKind.Warmup, 0, MaxDurationSeconds), "\"60s\"", To: To((RunSettings o, double? v) => o with { WarmupSeconds = v })),
            new("replications", Int("Independent replications (at most 10,000: each keeps its results, about 0.1 MB, until the summary).", 1, RunSettings.MaxReplications), "5", To: To((RunSettings o, int v) => o with { Replications = v })),
            new("seed", new LeafShape("Scenario seed.", LeafKind.Seed, 0), "1", To: To((RunSettings o, ulong v) => o with { Seed = v })),
            new("maxInFlight", Int("Requests in the system at once beyond which the run stops as unstable (at most 1,000,000: about 620 bytes each, per replication running).", 1, 1_000_000), "100000", To: To((RunSettings o, int v) => o with { MaxInFlight = v })),
        ], Create: () => new RunSettings()), "{}", To: To((StackScenario o, RunSettings v) => o with { Run = v })),
        new("load", new ObjectShape("Where requests come from: exactly one of open, closed and populations.",
        [
            new("open", OpenShape(), To: To((LoadSpec o, OpenLoad? v) => o with { Open = v })),
            new("closed", ClosedShape(), To: To((LoadSpec o, ClosedLoad? v) => o with { Closed = v })),
            new("populations", new ArrayShape("Several populations side by side (at least one), each with its own open or closed load and class mix.", new ObjectShape("A population: exactly one of open and closed, and a class mix.",
            [
                new("name", new LeafShape("Unique name: ASCII letters, digits, '-', '_'.", LeafKind.Text), Required: true, To: To((PopulationSpec o, string v) => o with { Name = v })),
                new("open", OpenShape(), To: To((PopulationSpec o, OpenLoad? v) => o with { Open = v })),
                new("closed", ClosedShape(), To: To((PopulationSpec o, ClosedLoad? v) => o with { Closed = v })),
                new("mix", new WeightsShape("Class name → relative weight (> 0) for this population's requests; a class left out is never picked. Empty: the classes' own weights."), "{}",
                    To: To((PopulationSpec o, IReadOnlyDictionary<string, double> v) => o with { Mix = v })),
            ], ExactlyOne: [["open", "closed"]], Create: () => new PopulationSpec { Name = "" }), NamedBy: "name", DescribeAsNonEmpty: true, Invalid: _ => new PopulationSpec { Name = "" }),
                To: ToList((LoadSpec o, IReadOnlyList<PopulationSpec> v) => o with { Populations = v })),
        ], ExactlyOne: [["open", "closed", "populations"]], Create: () => new LoadSpec()), Required: true, To: To((StackScenario o, LoadSpec v) => o with { Load = v })),
        new("loadBalancer", new ObjectShape("HAProxy in front of identical web servers.",
        [
            new("servers", Int("Web servers K (each: nginx + workers + host); at most 1,000.", 1, 1_000), "1", To: To((LoadBalancerSpec o, int v) => o with { Servers = v })),
            new("policy", new LeafShape("How a request picks a server.", LeafKind.Enum,
                Values: ["roundRobin", "leastConnections", "random", "powerOfTwoChoices"]), "\"roundRobin\"", To: ToEnum((LoadBalancerSpec o, BalancingPolicy v) => o with { Policy = v })),
            new("latency", Dur("Added latency per request."), "\"0\"", To: To((LoadBalancerSpec o, double v) => o with { LatencySeconds = v })),
        ], Create: () => new LoadBalancerSpec()), "{}", To: To((StackScenario o, LoadBalancerSpec v) => o with { LoadBalancer = v })),
        new("proxy", new ObjectShape("nginx in front of the workers.",
        [
            new("maxConnections", Int("Client connections held at once (worker_connections); beyond it a request is refused.", 1), "1024", To: To((ProxySpec o, int v) => o with { MaxConnections = v })),
            new("clientKeepalive", Bool("When false each request pays a TCP/TLS handshake."), "true", To: To((ProxySpec o, bool v) => o with { ClientKeepalive = v })),
            new("handshake", TimeDist("Handshake time when keepalive is off."), "\"20ms\"", To: To((ProxySpec o, Distribution v) => o with { HandshakeSeconds = v })),
            new("handshakeCpu", Dur("CPU per handshake (TLS) on the server's cores."), "\"0.5ms\"", To: To((ProxySpec o, double v) => o with { HandshakeCpuSeconds = v })),
            new("upstreamKeepalive", Bool("When false each request opens a connection to gunicorn."), "true", To: To((ProxySpec o, bool v) => o with { UpstreamKeepalive = v })),
            new("upstreamConnect", TimeDist("Time to open an upstream connection."), "\"0.2ms\"", To: To((ProxySpec o, Distribution v) => o with { UpstreamConnectSeconds = v })),
            new("gzip", new ObjectShape("Compression at the proxy.",
            [
                new("enabled", Bool("Whether responses are compressed."), "false", To: To((GzipSpec o, bool v) => o with { Enabled = v })),
                new("ratio", Ratio("Compressed size / original size.", 0, true), "0.3", To: To((GzipSpec o, double v) => o with { Ratio = v })),
                new("cpuPerMB", Dur("CPU time to compress 1 MB (10^6 bytes)."), "\"10ms\"", To: To((GzipSpec o, double v) => o with { CpuSecondsPerMegabyte = v })),
            ], Create: () => new GzipSpec()), "{}", To: To((ProxySpec o, GzipSpec v) => o with { Gzip = v })),
            new("buffering", Bool("On: the worker is freed when the response is produced. Off: held until the client has downloaded it."), "true", To: To((ProxySpec o, bool v) => o with { Buffering = v })),
            new("socketBuffer", Size("Without buffering: bytes the kernel's socket buffers absorb between the worker and the client; the worker is held until the client has received all but this much. 0 holds it for the whole download."), "\"0\"", To: To((ProxySpec o, double v) => o with { SocketBufferBytes = v })),
            new("staticHitRatio", Ratio("Fraction of non-static requests answered from nginx's micro-cache."), "0", To: To((ProxySpec o, double v) => o with { StaticHitRatio = v })),
            new("serviceTime", TimeDist("nginx's own time to serve from cache or disk."), "\"0.1ms\"", To: To((ProxySpec o, Distribution v) => o with { ServiceTimeSeconds = v })),
            new("cpu", Dur("nginx's own CPU per request (parsing, proxying, logging; gzip apart) on the server's cores, spent when the request reaches nginx."), "\"0\"", To: To((ProxySpec o, double v) => o with { CpuSeconds = v })),
            new("workers", Int("nginx worker processes per server: requests are handed to them in turn and each spends proxy.cpu for one request at a time (FCFS), its CPU sharing the host's cores; 0 = no per-process limit (at most 1,000).", 0, 1_000), "0", To: To((ProxySpec o, int v) => o with { Workers = v })),
        ], Create: () => new ProxySpec()), "{}", To: To((StackScenario o, ProxySpec v) => o with { Proxy = v })),
        new("workers", new ObjectShape("gunicorn sync workers, per server.",
        [
            new("count", Int("Workers per server; at most 1,000.", 1, 1_000), "1", To: To((WorkerPoolSpec o, int v) => o with { Count = v })),
            new("backlog", Int("Requests that may wait for a worker; beyond it 503.", 0), "2048", To: To((WorkerPoolSpec o, int v) => o with { Backlog = v })),
            new("dispatch", new LeafShape("Which idle worker takes a request: the one idle longest (FIFO), the one idle most recently (LIFO, as wake-one accept()/epoll wake-ups tend to behave), or the lowest-numbered one. The backlog is served FIFO in every case.", LeafKind.Enum,
                Values: ["longestIdle", "mostRecentlyIdle", "lowestIndex"]), "\"longestIdle\"", To: ToEnum((WorkerPoolSpec o, WorkerDispatch v) => o with { Dispatch = v })),
            new("timeout", Dur("A request holding a worker longer gets 504 and the worker restarts.", 0, true), "\"30s\"", To: To((WorkerPoolSpec o, double v) => o with { TimeoutSeconds = v })),
            new("restartTime", Dur("Time a killed worker is unavailable."), "\"1s\"", To: To((WorkerPoolSpec o, double v) => o with { RestartTimeSeconds = v })),
            new("memoryPerWorker", Size("Resident memory per worker."), "\"60MB\"", To: To((WorkerPoolSpec o, double v) => o with { MemoryPerWorkerBytes = v })),
            new("memoryGrowthPerRequest", Size("Memory a worker keeps after each request it takes (leak-like growth), returned only when the process ends (OOM kill, timeout kill, recycle)."), "\"0\"", To: To((WorkerPoolSpec o, double v) => o with { MemoryGrowthPerRequestBytes = v })),
            new("maxRequests", Int("gunicorn's max_requests: a worker that has served this many requests is replaced (unavailable for restartTime, its grown memory returned); 0 = never.", 0), "0", To: To((WorkerPoolSpec o, int v) => o with { MaxRequests = v })),
        ], Create: () => new WorkerPoolSpec()), "{}", To: To((StackScenario o, WorkerPoolSpec v) => o with { Workers = v })),
        new("host", new ObjectShape("Each web server's host.",
        [
            new("cores", Int("CPU cores, shared by processor sharing.", 1), "2", To: To((HostSpec o, int v) => o with { Cores = v })),
            new("baseMemory", Size("Memory used besides the workers (OS, nginx)."), "\"500MB\"", To: To((HostSpec o, double v) => o with { BaseMemoryBytes = v })),
            new("totalMemory", Size("Installed memory (for memory-% figures)."), "\"4GB\"", To: To((HostSpec o, double v) => o with { TotalMemoryBytes = v })),
            new("link", new NullableShape("The server's network link, shared by all responses leaving it (processor sharing, each response also capped by its client's bandwidth); absent or null = no limit.",
                new LeafShape("Link capacity.", LeafKind.BitRate, 0, MaxLinkBitsPerSecond, MinExclusive: true)), To: To((HostSpec o, double? v) => o with { LinkBitsPerSecond = v })),
            new("memoryLimit", new NullableShape("Memory the server may use; work that would exceed it makes the OOM killer kill the largest worker (its request fails, it restarts). Absent or null = no limit.",
                new LeafShape("Memory limit.", LeafKind.Bytes, 0, MaxSizeBytes, MinExclusive: true)), To: To((HostSpec o, double? v) => o with { MemoryLimitBytes = v })),
            new("swap", Size("Swap space past memoryLimit: while the memory in use exceeds the limit by at most this much nothing is killed, but the host's CPU work is slowed by 1 + swapSlowdown × excess ÷ limit; the OOM killer kills only past limit + swap. Needs memoryLimit."), "\"0\"", To: To((HostSpec o, double v) => o with { SwapBytes = v })),
            new("swapSlowdown", new LeafShape("k in the swap slowdown factor 1 + k × (memory in use − limit) ÷ limit (an assumption to calibrate).", LeafKind.Number, 0, 1000), "10", To: To((HostSpec o, double v) => o with { SwapSlowdown = v })),
            new("wakeupCpu", Dur("CPU a worker needs on the host to resume after a database or Redis reply: a small processor-sharing job, so replies wait longer when the cores are busy."), "\"0\"", To: To((HostSpec o, double v) => o with { WakeupCpuSeconds = v })),
        ], Create: () => new HostSpec()), "{}", To: To((StackScenario o, HostSpec v) => o with { Host = v })),
        new("cache", new ObjectShape("Redis: a fixed hitRatio or a keySpace model (not both).",
        [
            new("enabled", Bool("When false cache steps are skipped and every guarded step runs."), "true", To: To((CacheSpec o, bool v) => o with { Enabled = v })),
            new("maxConnections", Int("Connections shared by all workers of all servers.", 1), "50", To: To((CacheSpec o, int v) => o with { MaxConnections = v })),
            new("whenExhausted", new LeafShape("What a client does when every connection is in use.", LeafKind.Enum, Values: ["wait", "error"]), "\"wait\"", To: ToEnum((CacheSpec o, ConnectionExhaustion v) => o with { WhenExhausted = v })),
            new("operationTime", TimeDist("Round trip of one GET/SET."), "\"0.5ms\"", To: To((CacheSpec o, Distribution v) => o with { OperationTimeSeconds = v })),
            new("serviceTime", TimeDist("Redis CPU per command (GET or SET) on its node's single core; commands run one at a time in arrival order. 0 = Redis is a pure delay."), "\"0\"", To: To((CacheSpec o, Distribution v) => o with { ServiceTimeSeconds = v })),
            new("nodes", Int("Redis nodes; keys are sharded by a hash of the key (at most 1,000).", 1, 1_000), "1", To: To((CacheSpec o, int v) => o with { Nodes = v })),
            new("hitRatio", Ratio("Fixed hit probability (not filled when keySpace is given)."), "0", DefaultUnless: "keySpace", To: To((CacheSpec o, double v) => o with { HitRatio = v })),
            new("keySpace", new ObjectShape("Key-space model (Zipf popularity, LRU, TTL) that produces the hit ratio.",
            [
                new("keys", new LeafShape("Distinct keys (at most 20,000,000: about 21 bytes of state each, per replication running).", LeafKind.Integer, 1, 20_000_000), Required: true, To: To((KeySpaceSpec o, long v) => o with { Keys = v })),
                new("zipfExponent", new LeafShape("Popularity skew s (0 = uniform; beyond 50 every read is of the first key).", LeafKind.Number, 0, 50), "1", To: To((KeySpaceSpec o, double v) => o with { ZipfExponent = v })),
                new("objectSize", new LeafShape("Size of one cached value.", LeafKind.BytesDistribution), "\"10KB\"", To: To((KeySpaceSpec o, Distribution v) => o with { ObjectSizeBytes = v })),
                new("maxMemory", Size("maxmemory; 0 = unlimited."), "\"0\"", To: To((KeySpaceSpec o, double v) => o with { MaxMemoryBytes = v })),
                new("ttl", Dur("Time to live; 0 = none."), "\"0\"", To: To((KeySpaceSpec o, double v) => o with { TtlSeconds = v })),
            ], Create: () => new KeySpaceSpec { Keys = 0 }), To: To((CacheSpec o, KeySpaceSpec? v) => o with { KeySpace = v })),
        ], AtMostOne: [["hitRatio", "keySpace"]], Create: () => new CacheSpec()), "{}", To: To((StackScenario o, CacheSpec v) => o with { Cache = v })),
        new("dbConnections", new ObjectShape("Django's database connection handling.",
        [
            new("connMaxAge", Dur("CONN_MAX_AGE: 0 = connect per request; > 0 = persistent per worker, re-opened when older."), "\"0\"", To: To((DbConnectionsSpec o, double v) => o with { ConnMaxAgeSeconds = v })),
            new("connectTime", TimeDist("Time to open a connection (TCP + auth)."), "{\"uniform\": {\"min\": \"5ms\", \"max\": \"10ms\"}}", To: To((DbConnectionsSpec o, Distribution v) => o with { ConnectTimeSeconds = v })),
            new("connectCpu", Dur("App-server CPU per connection opened."), "\"1ms\"", To: To((DbConnectionsSpec o, double v) => o with { ConnectCpuSeconds = v })),
            new("pool", new NullableShape("External pool (pgbouncer-style) shared by all workers, or null.", new ObjectShape("An external pool.",
            [
                new("size", Int("Server connections P.", 1), Required: true, To: To((DbPoolSpec o, int v) => o with { Size = v })),
                new("waitTimeout", Dur("Longest wait for a connection before the request fails.", 0, true), "\"5s\"", To: To((DbPoolSpec o, double v) => o with { WaitTimeoutSeconds = v })),
            ], Create: () => new DbPoolSpec { Size = 0 })), "null", To: To((DbConnectionsSpec o, DbPoolSpec? v) => o with { Pool = v })),
        ], Create: () => new DbConnectionsSpec()), "{}", To: To((StackScenario o, DbConnectionsSpec v) => o with { DbConnections = v })),
        new("database", new ObjectShape("PostgreSQL.",
        [
            new("maxConnections", Int("max_connections; a connection beyond it fails the request.", 1), "100", To: To((DatabaseSpec o, int v) => o with { MaxConnections = v })),
            new("cores", Int("Queries executed in parallel per database server.", 1), "4", To: To((DatabaseSpec o, int v) => o with { Cores = v })),
            new("connectCpu", Dur("Database CPU per connection opened (fork + auth)."), "\"2ms\"", To: To((DatabaseSpec o, double v) => o with { ConnectCpuSeconds = v })),
            new("memoryPerConnection", Size("Memory per open connection."), "\"10MB\"", To: To((DatabaseSpec o, double v) => o with { MemoryPerConnectionBytes = v })),
            new("readReplicas", Int("Read replicas, each with the same cores; at most 1,000.", 0, 1_000), "0", To: To((DatabaseSpec o, int v) => o with { ReadReplicas = v })),
            new("replicaReads", Ratio("Fraction of read queries sent to replicas when there are any."), "1", To: To((DatabaseSpec o, double v) => o with { ReplicaReads = v })),
            new("postmasterCpu", Dur("Time the single postmaster process spends on each new connection (accept, fork): connection setups queue for it first come first served (CPU on the web host when placement.database is web); 0 = no postmaster queue."), "\"0\"", To: To((DatabaseSpec o, double v) => o with { PostmasterCpuSeconds = v })),
        ], Create: () => new DatabaseSpec()), "{}", To: To((StackScenario o, DatabaseSpec v) => o with { Database = v })),
        new("taskQueue", new NullableShape("Celery fed through RabbitMQ; absent or null = none.", new ObjectShape("Celery workers.",
        [
            new("brokerLatency", TimeDist("Publish-to-deliver latency."), "\"2ms\"", To: To((TaskQueueSpec o, Distribution v) => o with { BrokerLatencySeconds = v })),
            new("concurrency", Int("Tasks executed at once.", 1), "4", To: To((TaskQueueSpec o, int v) => o with { Concurrency = v })),
            new("cores", Int("Cores of the Celery host.", 1), "2", To: To((TaskQueueSpec o, int v) => o with { Cores = v })),
            new("steps", Steps("What a task does (cpu, cpuAtLoad, cacheGet, cacheSet, db, external)."), Required: true, To: To((TaskQueueSpec o, IReadOnlyList<Step> v) => o with { Steps = v })),
        ], Create: () => new TaskQueueSpec { Steps = [] })), To: To((StackScenario o, TaskQueueSpec? v) => o with { TaskQueue = v })),
        new("placement", new ObjectShape("Which components share the web host's cores: \"own\" = their own host (the default), \"web\" = their CPU work runs on the (first) web server's cores beside gunicorn and nginx.",
        [
            new("database", Where("The primary database: queries, connection CPU, postmaster."), "\"own\"", To: ToEnum((PlacementSpec o, Placement v) => o with { Database = v })),
            new("cache", Where("Redis: its commands' CPU (cache.serviceTime)."), "\"own\"", To: ToEnum((PlacementSpec o, Placement v) => o with { Cache = v })),
            new("taskQueue", Where("Celery's workers: their CPU steps (taskQueue.cores is then unused)."), "\"own\"", To: ToEnum((PlacementSpec o, Placement v) => o with { TaskQueue = v })),
            new("loadGenerator", Where("The load generator: with \"web\" each request costs generatorCpu on the web host."), "\"own\"", To: ToEnum((PlacementSpec o, Placement v) => o with { LoadGenerator = v })),
            new("generatorCpu", Dur("CPU the load generator spends per request when placed on the web host; it loads the cores without delaying the request."), "\"0\"", To: To((PlacementSpec o, double v) => o with { GeneratorCpuSeconds = v })),
        ], Create: () => new PlacementSpec()), "{}", To: To((StackScenario o, PlacementSpec v) => o with { Placement = v })),
        new("network", new ObjectShape("Clients' network.",
        [
            new("clientBandwidth", new LeafShape("Download bandwidth of one client.", LeafKind.BitRateDistribution), "\"100Mbit/s\"", To: To((NetworkSpec o, Distribution v) => o with { ClientBandwidthBitsPerSecond = v })),
            new("roundTrip", Dur("Client round trip, added once per request."), "\"0\"", To: To((NetworkSpec o, double v) => o with { RoundTripSeconds = v })),
        ], Create: () => new NetworkSpec()), "{}", To: To((StackScenario o, NetworkSpec v) => o with { Network = v })),
        new("webSockets", new ObjectShape("Long-lived WebSocket connections held at the proxy.",
        [
            new("connections", Int("Open connections; each counts against proxy.maxConnections.", 0), "0", To: To((WebSocketSpec o, int v) => o with { Connections = v })),
            new("memoryPerConnection", Size("Memory per connection."), "\"380KB\"", To: To((WebSocketSpec o, double v) => o with { MemoryPerConnectionBytes = v })),
        ], Create: () => new WebSocketSpec()), "{}", To: To((StackScenario o, WebSocketSpec v) => o with { WebSockets = v })),
        new("clients", new ObjectShape("Client behaviour: give up on a slow response (timeout), leave the backlog before service (patience), retry failed attempts (retries). The defaults: none of them.",
        [
            new("timeout", new NullableShape("The client stops waiting for a response this long after sending an attempt; the server goes on with the request (the worker is not freed) and its response is wasted work. Absent or null = wait for ever.",
                Dur("Client timeout.", 0, true)), To: To((ClientsSpec o, double? v) => o with { TimeoutSeconds = v })),
            new("patience", new NullableShape("How long a client waits in the listen backlog before it abandons (leaves the queue before any work), drawn per attempt; exponential patience makes the backlog an M/M/c+M (Erlang A) queue. Absent or null = infinite patience.",
                TimeDist("Patience.")), To: To((ClientsSpec o, Distribution? v) => o with { PatienceSeconds = v })),
            new("retries", new ObjectShape("Failed attempts sent again by the same user or arrival, after a backoff; latency counts from the first attempt.",
            [
                new("max", Int("Retries after the first attempt (0 = none; at most 100).", 0, 100), "0", To: To((RetrySpec o, int v) => o with { Max = v })),
                new("on", new ArrayShape("The outcomes of an attempt that trigger a retry: timeout (client timeout), abandoned, refused (nginx out of connections), 500 (database max_connections or pool timeout), 503 (backlog full), 504 (worker timeout).",
                    new LeafShape("An outcome that triggers a retry.", LeafKind.Enum, Values: RetryWords)),
                    "[\"timeout\", \"503\", \"504\"]", To: new Binding(typeof(IReadOnlyList<string>), (o, v) => ((RetrySpec)o) with { On = RetryTriggers((IEnumerable<object?>)v!) })),
                new("backoff", new ObjectShape("Exponential backoff before retry n: min(max, initial × multiplier^(n−1)) × (1 − jitter × U), U uniform on [0, 1).",
                [
                    new("initial", Dur("Backoff before the first retry."), "\"100ms\"", To: To((BackoffSpec o, double v) => o with { InitialSeconds = v })),
                    new("multiplier", new LeafShape("Growth of the backoff from one retry to the next.", LeafKind.Number, 1, 100), "2", To: To((BackoffSpec o, double v) => o with { Multiplier = v })),
                    new("max", Dur("Longest backoff."), "\"10s\"", To: To((BackoffSpec o, double v) => o with { MaxSeconds = v })),
                    new("jitter", new LeafShape("Random part of the backoff: \"full\" (uniform on [0, d)), \"equal\" (d/2 + uniform on [0, d/2)), \"none\", or a fraction f (d × (1 − f·U)).", LeafKind.Jitter, 0, 1), "\"full\"", To: To((BackoffSpec o, double v) => o with { Jitter = v })),
                ], Create: () => new BackoffSpec()), "{}", To: To((RetrySpec o, BackoffSpec v) => o with { Backoff = v })),
            ], Create: () => new RetrySpec()), "{}", To: To((ClientsSpec o, RetrySpec v) => o with { Retries = v })),
        ], Create: () => new ClientsSpec()), "{}", To: To((StackScenario o, ClientsSpec v) => o with { Clients = v })),
        new("classes", new ArrayShape("Request classes (at least one), chosen per request by weight.", new ObjectShape("A request class.",
        [
            new("name", new LeafShape("Unique name: ASCII letters, digits, '-', '_'.", LeafKind.Text), Required: true, To: To((RequestClass o, string v) => o with { Name = v })),
            new("weight", new LeafShape("Relative frequency.", LeafKind.Number, 0, null, true), "1", To: To((RequestClass o, double v) => o with { Weight = v })),
            new("staticAtProxy", Bool("nginx serves the class itself without a worker."), "false", To: To((RequestClass o, bool v) => o with { StaticAtProxy = v })),
            new("memory", Size("Memory a request of this class holds on its host while it holds a worker."), "\"0\"", To: To((RequestClass o, double v) => o with { MemoryBytes = v })),
            new("steps", Steps("What the request does while it holds a worker, in order."), "[]", To: To((RequestClass o, IReadOnlyList<Step> v) => o with { Steps = v })),
        ], Create: () => new RequestClass { Name = "" }), NamedBy: "name", DescribeAsNonEmpty: true, Invalid: _ => new RequestClass { Name = "", Weight = 1 }),
            Required: true, To: ToList((StackScenario o, IReadOnlyList<RequestClass> v) => o with { Classes = v })),
        new("slo", new SloShape("Service-level objective: one latency key pNN (p50, p95, p99, p99.9 …) and errorRate; optionally classes (a latency key per request class), excludeClasses and populations (a latency key per population)."), "{}", To: To((StackScenario o, SloSpec v) => o with { Slo = v })),
        new("phases", new ArrayShape("Capacity growth path: each phase patches the previous one.", new ObjectShape("A phase.",
        [
            new("name", new LeafShape("Unique phase name (ignoring case), and the name of its folder in `sim phases --out`: ASCII letters, digits, '-', '_', at most 64 characters; not \"baseline\", a name the output folder uses (report, summary, a chart's) or a Windows device name.", LeafKind.Text), Required: true),
            new("description", new LeafShape("What the phase changes, in words.", LeafKind.Text), "\"\""),
            new("set", new PatchShape("Patch: dotted path (\"workers.count\", \"classes.page.weight\") → new JSON value."), "{}"),
            new("reference", new ObjectShape("The figures a source (e.g. the document reproduced) gives for this phase, shown beside the model's; not simulated.",
            [
                new("source", new LeafShape("Where the figures come from, e.g. \"document\".", LeafKind.Text), To: To((PhaseReference o, string v) => o with { Source = v })),
                new("users", Int("Users the source says the phase holds.", 0, 10_000_000), To: To((PhaseReference o, int v) => o with { Users = v })),
                new("throughput", new LeafShape("Throughput the source gives.", LeafKind.Rate, 0, MaxRatePerSecond), To: To((PhaseReference o, double v) => o with { ThroughputPerSecond = v })),
                new("p95", Dur("95th percentile response time the source gives."), To: To((PhaseReference o, double v) => o with { LatencyP95Seconds = v })),
            ], Create: () => new PhaseReference())),
        ])), "[]"),
        new("reference", new ObjectShape("The figures a source (e.g. the document reproduced) gives for the baseline (the scenario as written); each phase may give its own, shown beside the model's; not simulated.",
            [
                new("source", new LeafShape("Where the figures come from, e.g. \"document\".", LeafKind.Text), To: To((PhaseReference o, string v) => o with { Source = v })),
                new("users", Int("Users the source says the phase holds.", 0, 10_000_000), To: To((PhaseReference o, int v) => o with { Users = v })),
                new("throughput", new LeafShape("Throughput the source gives.", LeafKind.Rate, 0, MaxRatePerSecond), To: To((PhaseReference o, double v) => o with { ThroughputPerSecond = v })),
                new("p95", Dur("95th percentile response time the source gives."), To: To((PhaseReference o, double v) => o with { LatencyP95Seconds = v })),
            ], Create: () => new PhaseReference())),
    ], Create: () => new StackScenario { Load = null!, Classes = [] });

    /// <summary>The SLO's per-class latency objectives: <c>slo.classes</c>.</summary>
    internal const string SloClassesKey = "classes";

    /// <summary>The request classes left out of the SLO's overall latency objective: <c>slo.excludeClasses</c>.</summary>
    internal const string SloExcludeClassesKey = "excludeClasses";

    /// <summary>True for a key of the slo object that is not one of its named fields (errorRate, classes, excludeClasses): the latency key pNN, or an unknown key.</summary>
    internal static bool IsSloLatencyKey(string key) => key is not ("errorRate" or SloClassesKey or SloExcludeClassesKey or SloPopulationsKey);

    /// <summary>The latency objectives per population: <c>slo.populations</c>.</summary>
    internal const string SloPopulationsKey = "populations";

    /// <summary>Default SLO latency key and value when the slo object names none.</summary>
    internal const string DefaultSloKey = "p95";

    /// <summary>Default SLO latency limit.</summary>
    internal const string DefaultSloLatency = "\"500ms\"";

    /// <summary>Default SLO error rate.</summary>
    internal const string DefaultSloErrorRate = "\"0.1%\"";

    /// <summary>The value of the SLO's latency key <c>pNN</c>: a limit &gt; 0.</summary>
    internal static LeafShape SloLatencyLimit { get; } = new("Latency limit at that quantile.", LeafKind.Duration, 0, MaxDurationSeconds, true);

    /// <summary>The SLO's <c>errorRate</c>.</summary>
    internal static LeafShape SloErrorRate { get; } = new("Maximum fraction of requests that fail.", LeafKind.Ratio, 0, 1);

    internal const string DurationPattern = @"^\s*[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*(ns|us|µs|μs|ms|s|m|min|h)\s*$|^\s*0*\.?0*\s*$";
    internal const string BytesPattern = @"^\s*[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*(B|kB|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$|^\s*0*\.?0*\s*$";
    internal const string RatePattern = @"^\s*[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*(/s|/ms|/min|/m|/h|rps)\s*$|^\s*0*\.?0*\s*$";
    internal const string BitRatePattern = @"^\s*[+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*(bit/s|bps|kbit/s|Kbit/s|kbps|Kbps|Mbit/s|Mbps|Gbit/s|Gbps)\s*$";
    internal const string PercentPattern = @"^\s*([0-9]+\.?[0-9]*|\.[0-9]+)\s*%\s*$";
    internal const string SloKeyPattern = @"^p(100|[1-9]?[0-9])(\.[0-9]+)?$";

    /// <summary>
    /// The JSON Schema (draft 2020-12) of the scenario format, generated from the same tree the loader uses; it is
    /// shipped as <c>scenarios/scenario.schema.json</c>. Editors use it for completion and checks; the loader's
    /// messages remain the authority (the schema cannot express every cross-field rule).
    /// </summary>
    /// <returns>Indented JSON text ending with a newline.</returns>
    public static string ToJsonSchema()
    {
        var root = (JsonObject)Schema(Root);
        var doc = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://example.invalid/sim/scenario.schema.json",
            ["title"] = "Sim scenario",
        };
        foreach (var kv in root.ToList())
        {
            root.Remove(kv.Key);
            doc[kv.Key] = kv.Value;
        }
        doc["$defs"] = Defs();
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject Defs()
    {
        JsonObject Str(string pattern, string doc) => new() { ["type"] = "string", ["pattern"] = pattern, ["description"] = doc };
        JsonObject Dist(string constantRef, string doc) => new()
        {
            ["description"] = doc,
            ["anyOf"] = new JsonArray(
                new JsonObject { ["$ref"] = constantRef },
                new JsonObject
                {
                    ["type"] = "object", ["minProperties"] = 1, ["maxProperties"] = 1,
                    ["propertyNames"] = new JsonObject { ["enum"] = new JsonArray([.. DistributionJson.FamilyNames.Select(n => (JsonNode)n)]) },
                }),
        };
        return new JsonObject
        {
            ["duration"] = new JsonObject { ["anyOf"] = new JsonArray(Str(DurationPattern, "A duration with a unit, e.g. \"5ms\" (ns, us, ms, s, m/min, h)."), new JsonObject { ["const"] = 0 }) },
            ["bytes"] = new JsonObject { ["anyOf"] = new JsonArray(Str(BytesPattern, "A size with a unit, e.g. \"500KB\" (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)."), new JsonObject { ["const"] = 0 }) },
            ["rate"] = new JsonObject { ["anyOf"] = new JsonArray(Str(RatePattern, "A rate with a unit, e.g. \"200/s\" (/s, /ms, /min, /h, rps)."), new JsonObject { ["const"] = 0 }) },
            ["bitRate"] = Str(BitRatePattern, "A bit rate with a unit, e.g. \"20Mbit/s\"."),
            ["ratio"] = new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 }, Str(PercentPattern, "A percentage, e.g. \"35%\".")),
            },
            ["durationDistribution"] = Dist("#/$defs/duration", "A distribution of durations (see docs/distributions.md), or a duration for a constant."),
            ["bytesDistribution"] = Dist("#/$defs/bytes", "A distribution of sizes (see docs/distributions.md), or a size for a constant."),
            ["bitRateDistribution"] = Dist("#/$defs/bitRate", "A bit rate for a constant, or a distribution of plain numbers in bits per second."),
        };
    }

    private static JsonNode Schema(Shape shape)
    {
        switch (shape)
        {
            case ObjectShape o:
            {
                var props = new JsonObject();
                foreach (Field f in o.Fields)
                {
                    var p = (JsonObject)Schema(f.Shape);
                    if (f.Default is not null) p["default"] = JsonNode.Parse(f.Default) ?? JsonValue.Create((string?)null);
                    props[f.Name] = p;
                }
                var s = new JsonObject { ["type"] = "object", ["description"] = o.Doc, ["additionalProperties"] = false, ["properties"] = props };
                string[] required = [.. o.Fields.Where(f => f.Required).Select(f => f.Name)];
                if (required.Length > 0) s["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
                var all = new JsonArray();
                foreach (string[] g in o.ExactlyOne ?? [])
                {
                    all.Add((JsonNode)new JsonObject { ["oneOf"] = new JsonArray([.. g.Select(n => (JsonNode)new JsonObject { ["required"] = new JsonArray(n) })]) });
                }
                foreach (string[] g in o.AtMostOne ?? [])
                {
                    all.Add((JsonNode)new JsonObject { ["not"] = new JsonObject { ["required"] = new JsonArray([.. g.Select(n => (JsonNode)n)]) } });
                }
                if (all.Count > 0) s["allOf"] = all;
                return s;
            }
            case OneKeyShape k:
            {
                var props = new JsonObject();
                foreach (Field f in k.Alternatives) props[f.Name] = Schema(f.Shape);
                return new JsonObject
                {
                    ["type"] = "object", ["description"] = k.Doc, ["minProperties"] = 1, ["maxProperties"] = 1,
                    ["additionalProperties"] = false, ["properties"] = props,
                };
            }
            case ArrayShape a:
                return new JsonObject { ["type"] = "array", ["description"] = a.Doc, ["items"] = Schema(a.Item) };
            case NullableShape n:
                return new JsonObject { ["description"] = n.Doc, ["anyOf"] = new JsonArray(Schema(n.Inner), new JsonObject { ["type"] = "null" }) };
            case SloShape slo:
                return new JsonObject
                {
                    ["type"] = "object", ["description"] = slo.Doc, ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["errorRate"] = new JsonObject { ["$ref"] = "#/$defs/ratio", ["description"] = "Maximum fraction of requests that fail.", ["default"] = "0.1%" },
                        [SloClassesKey] = new JsonObject
                        {
                            ["type"] = "object", ["description"] = "Latency objectives per request class, judged beside the overall one: class name → one latency key pNN, e.g. {\"page\": {\"p95\": \"500ms\"}}.",
                            ["additionalProperties"] = new JsonObject
                            {
                                ["type"] = "object", ["additionalProperties"] = false, ["minProperties"] = 1, ["maxProperties"] = 1,
                                ["patternProperties"] = new JsonObject { [SloKeyPattern] = new JsonObject { ["$ref"] = "#/$defs/duration", ["description"] = "Latency limit of the class at that quantile." } },
                            },
                        },
                        [SloPopulationsKey] = new JsonObject
                        {
                            ["type"] = "object", ["description"] = "Latency objectives per population of load.populations, judged beside the overall one: population name → one latency key pNN, e.g. {\"api\": {\"p95\": \"200ms\"}}.",
                            ["additionalProperties"] = new JsonObject
                            {
                                ["type"] = "object", ["additionalProperties"] = false, ["minProperties"] = 1, ["maxProperties"] = 1,
                                ["patternProperties"] = new JsonObject { [SloKeyPattern] = new JsonObject { ["$ref"] = "#/$defs/duration", ["description"] = "Latency limit of the population at that quantile." } },
                            },
                        },
                        [SloExcludeClassesKey] = new JsonObject
                        {
                            ["type"] = "array", ["description"] = "Request classes left out of the overall latency objective (the error rate still counts them), e.g. [\"static\"].",
                            ["items"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                    ["patternProperties"] = new JsonObject { [SloKeyPattern] = new JsonObject { ["$ref"] = "#/$defs/duration", ["description"] = "Latency limit at that quantile (default p95: \"500ms\")." } },
                    ["maxProperties"] = 5,
                };
            case PatchShape p:
                return new JsonObject { ["type"] = "object", ["description"] = p.Doc };
            case WeightsShape ws:
                return new JsonObject
                {
                    ["type"] = "object", ["description"] = ws.Doc,
                    ["additionalProperties"] = new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0 },
                };
            case LeafShape l:
                return Leaf(l);
            default:
                throw new InvalidOperationException($"Unknown shape {shape}.");
        }
    }

    private static JsonObject Leaf(LeafShape l)
    {
        JsonObject Ref(string name) => new() { ["$ref"] = "#/$defs/" + name, ["description"] = Described(l) };
        switch (l.Kind)
        {
            case LeafKind.Text: return new JsonObject { ["type"] = "string", ["description"] = l.Doc };
            case LeafKind.Bool: return new JsonObject { ["type"] = "boolean", ["description"] = l.Doc };
            case LeafKind.Integer or LeafKind.Number or LeafKind.Seed:
            {
                var s = new JsonObject { ["type"] = l.Kind == LeafKind.Number ? "number" : "integer", ["description"] = l.Doc };
                if (l.Min is { } lo) s[l.MinExclusive ? "exclusiveMinimum" : "minimum"] = lo;
                if (l.Max is { } hi) s["maximum"] = hi;
                return s;
            }
            case LeafKind.Ratio: return Ref("ratio");
            case LeafKind.Jitter:
                return new JsonObject { ["description"] = l.Doc, ["anyOf"] = new JsonArray(new JsonObject { ["enum"] = new JsonArray("full", "equal", "none") }, new JsonObject { ["$ref"] = "#/$defs/ratio" }) };
            case LeafKind.Duration: return Ref("duration");
            case LeafKind.Bytes: return Ref("bytes");
            case LeafKind.Rate: return Ref("rate");
            case LeafKind.BitRate: return Ref("bitRate");
            case LeafKind.Warmup:
                return new JsonObject { ["description"] = Described(l), ["anyOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/$defs/duration" }, new JsonObject { ["const"] = "auto" }) };
            case LeafKind.Enum:
                return new JsonObject { ["description"] = l.Doc, ["enum"] = new JsonArray([.. l.Values!.Select(v => (JsonNode)v)]) };
            case LeafKind.DurationDistribution: return Ref("durationDistribution");
            case LeafKind.BytesDistribution: return Ref("bytesDistribution");
            case LeafKind.BitRateDistribution: return Ref("bitRateDistribution");
            default: throw new InvalidOperationException($"Unknown leaf {l.Kind}.");
        }
    }

    // A string with a unit cannot carry "maximum" in JSON Schema, so its range is stated in its description.
    private static string Described(LeafShape l) => l.Kind switch
    {
        LeafKind.Duration or LeafKind.Warmup or LeafKind.Bytes or LeafKind.Rate or LeafKind.BitRate when l.Range.Length > 0 => $"{l.Doc} Range: {l.Range}.",
        LeafKind.DurationDistribution or LeafKind.BytesDistribution or LeafKind.BitRateDistribution => $"{l.Doc} {DistributionRange(l.Kind)}.",
        _ => l.Doc,
    };

    /// <summary>What a distribution field allows beyond its family's own rules, in words.</summary>
    internal static string DistributionRange(LeafKind kind) => kind switch
    {
        LeafKind.DurationDistribution => "Mean in [0, 1e7 s], finite variance",
        LeafKind.BytesDistribution => "Mean in [0, 1 TB], finite variance",
        _ => "Mean > 0, finite variance, and no draw of 0: a family whose draws reach 0 (exponential, gamma, erlang, weibull, truncatedNormal) is refused",
    };

    /// <summary>
    /// The field reference as Markdown table rows (path | type | default | meaning), generated from the same tree; used
    /// to write <c>docs/scenarios.md</c>.
    /// </summary>
    internal static string ReferenceTable()
    {
        var sb = new StringBuilder("| field | type | default | meaning |\n| --- | --- | --- | --- |\n");
        void Walk(ObjectShape o, string prefix)
        {
            foreach (Field f in o.Fields)
            {
                string path = prefix + f.Name;
                Shape s = f.Shape is NullableShape n ? n.Inner : f.Shape;
                string type = TypeText(f.Shape);
                string def = f.Required ? "**required**" : f.Default is null ? "absent" : "`" + f.Default.Replace("|", "\\|", StringComparison.Ordinal) + "`";
                sb.Append(CultureInfo.InvariantCulture, $"| `{path}` | {type} | {def} | {f.Shape.Doc} |\n");
                if (s is ObjectShape child) Walk(child, path + ".");
                if (s is ArrayShape { Item: ObjectShape item }) Walk(item, path + "[].");
            }
        }
        Walk(Root, "");
        return sb.ToString();
    }

    private static string TypeText(Shape s) => s switch
    {
        NullableShape n => TypeText(n.Inner) + " or null",
        ObjectShape => "object",
        ArrayShape { Item: OneKeyShape } => "array of steps",
        ArrayShape => "array",
        SloShape => "object",
        PatchShape => "object (path → value)",
        WeightsShape => "object (class name → weight > 0)",
        LeafShape l => l.Kind switch
        {
            LeafKind.Text => "string",
            LeafKind.Bool => "boolean",
            LeafKind.Integer => "integer " + l.Range.Replace("2147483647", "2³¹−1", StringComparison.Ordinal),
            LeafKind.Number => "number " + l.Range,
            LeafKind.Ratio => "ratio " + l.Range + " (number or \"35%\")",
            LeafKind.Jitter => "`full` \\| `equal` \\| `none` or ratio in [0, 1]",
            LeafKind.Duration => "duration " + l.Range,
            LeafKind.Bytes => "size " + l.Range,
            LeafKind.Rate => "rate " + l.Range,
            LeafKind.BitRate => "bit rate " + l.Range,
            LeafKind.Warmup => "duration " + l.Range + " or \"auto\"",
            LeafKind.Seed => "integer ≥ 0 (64-bit)",
            LeafKind.Enum => string.Join(" \\| ", l.Values!.Select(v => "`" + v + "`")),
            LeafKind.DurationDistribution => "duration distribution, mean ≤ 1e7 s",
            LeafKind.BytesDistribution => "size distribution, mean ≤ 1 TB",
            LeafKind.BitRateDistribution => "bit rate or distribution (bits/s) that never draws 0",
            _ => l.Kind.ToString(),
        },
        _ => "?",
    };
}
