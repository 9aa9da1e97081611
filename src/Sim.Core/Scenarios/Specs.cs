using Sim.Distributions;

namespace Sim.Scenarios;

// The stack's parameters, one record per component, with init-only properties: add a field without breaking a caller.
// Units are in the names (…Seconds, …Bytes, …PerSecond, …BitsPerSecond); JSON carries units ("5ms", "500KB",
// "20Mbit/s") and the reader converts them. Every default is the schema's (ScenarioSchema), read by ScenarioDefaults,
// so a record built in code and a JSON file that omits the field agree.

/// <summary>Run control. Immutable; thread safe.</summary>
public sealed record RunSettings
{
    /// <summary>The most replications one run may use: each keeps its results (about 0.1 MB) until they are summarised.</summary>
    public const int MaxReplications = 10_000;

    /// <summary>
    /// The most requests one run may offer in all (rate × (warm-up + duration) × replications): 10⁹, about 20 minutes on
    /// two cores. Beyond it a run is nearly always a typo (a duration in seconds meant as minutes, a users count with
    /// extra zeros) that would otherwise look like a hang.
    /// </summary>
    public const double MaxRequests = 1e9;

    /// <summary>Observed simulated time per replication, seconds; &gt; 0, at most 10⁷. JSON <c>run.duration</c>; default 300 s.</summary>
    public double DurationSeconds { get; init; } = ScenarioDefaults.Of<double>("run.duration");

    /// <summary>Discarded simulated time before observing, seconds, in [0, 10⁷]; null = detect automatically (MSER-5). JSON <c>run.warmup</c>; default 60 s.</summary>
    public double? WarmupSeconds { get; init; } = ScenarioDefaults.Of<double?>("run.warmup");

    /// <summary>Independent replications, in [1, <see cref="MaxReplications"/>]. JSON <c>run.replications</c>; default 5.</summary>
    public int Replications { get; init; } = ScenarioDefaults.Of<int>("run.replications");

    /// <summary>Scenario seed, any 64-bit value. JSON <c>run.seed</c>; default 1.</summary>
    public ulong Seed { get; init; } = ScenarioDefaults.Of<ulong>("run.seed");

    /// <summary>Hard cap on requests in the system at once; reaching it stops the run as unstable. In [1, 10⁶]. JSON <c>run.maxInFlight</c>; default 100,000.</summary>
    public int MaxInFlight { get; init; } = ScenarioDefaults.Of<int>("run.maxInFlight");
}

/// <summary>Where requests come from: exactly one of <see cref="Open"/> and <see cref="Closed"/>. Immutable; thread safe.</summary>
public sealed record LoadSpec
{
    /// <summary>Open load, or null. JSON <c>load.open</c>; default null.</summary>
    public OpenLoad? Open { get; init; }

    /// <summary>Closed load, or null. JSON <c>load.closed</c>; default null.</summary>
    public ClosedLoad? Closed { get; init; }
}

/// <summary>Open load: Poisson arrivals at a rate that is constant, stepped, or ramped; or the arrivals of a recorded log replayed (<see cref="Trace"/>). Immutable; thread safe.</summary>
public sealed record OpenLoad
{
    /// <summary>Constant rate, requests per second, in (0, 10⁷]; used when <see cref="Profile"/> is empty. JSON <c>load.open.rate</c>; default 0 (a profile is given instead).</summary>
    public double RatePerSecond { get; init; }

    /// <summary>Piecewise-linear rate profile: points (time, rate); constant after the last point. Steps are two points at the same time. JSON <c>load.open.profile</c>; default empty.</summary>
    public IReadOnlyList<RatePoint> Profile { get; init; } = [];

    /// <summary>A recorded load replayed instead of Poisson arrivals, or null. JSON <c>load.open.trace</c>; default null.</summary>
    public TraceReplay? Trace { get; init; }

    /// <summary>The load's own rate, requests/s: <see cref="RatePerSecond"/>, or a trace's mean rate over one pass (what a capacity search or a scaling study starts from and scales).</summary>
    internal double NominalRatePerSecond => Trace is { } t ? t.MeanRatePerSecond : RatePerSecond;

    /// <summary>
    /// The same kind of load at mean rate <paramref name="ratePerSecond"/>: a trace replayed faster or slower (its speed
    /// scaled, looped so that a faster replay still fills the run); otherwise Poisson at that constant rate.
    /// </summary>
    internal OpenLoad AtMeanRate(double ratePerSecond) => Trace is { Arrivals: not null } t
        ? this with { Trace = t with { Speed = t.Speed * ratePerSecond / t.MeanRatePerSecond, Loop = true } }
        : new OpenLoad { RatePerSecond = ratePerSecond, Profile = Array.Empty<RatePoint>() };

    /// <summary>True for a constant Poisson rate: neither a <see cref="Profile"/> nor a <see cref="Trace"/>.</summary>
    public bool IsConstantRate => Profile.Count == 0 && Trace is null;

    /// <summary>The arrival rate at simulated time <paramref name="timeSeconds"/>, requests/s: <see cref="RatePerSecond"/> without a profile; with one, the first point's rate before it, linear between points, the later rate at a step, the last rate after the last point; with a trace, its arrivals in the second from <paramref name="timeSeconds"/> on.</summary>
    /// <param name="timeSeconds">Simulated time, seconds.</param>
    /// <returns>Requests per second, ≥ 0.</returns>
    public double RateAt(double timeSeconds)
    {
        double t = timeSeconds;
        if (Trace is { } trace) return trace.ArrivalsBetween(t, t + 1);
        if (Profile.Count == 0) return RatePerSecond;
        if (t <= Profile[0].AtSeconds) return Profile[0].RatePerSecond;
        for (int i = 1; i < Profile.Count; i++)
        {
            RatePoint a = Profile[i - 1], b = Profile[i];
            if (t < b.AtSeconds) return b.AtSeconds == a.AtSeconds ? b.RatePerSecond : a.RatePerSecond + (b.RatePerSecond - a.RatePerSecond) * (t - a.AtSeconds) / (b.AtSeconds - a.AtSeconds);
        }
        return Profile[^1].RatePerSecond;
    }

    /// <summary>The highest rate the load reaches, requests per second: <see cref="RatePerSecond"/>, or the largest rate of the profile's points.</summary>
    public double PeakRatePerSecond
    {
        get
        {
            if (Trace is { } trace) return trace.PeakRatePerSecond;
            if (Profile.Count == 0) return RatePerSecond;
            double peak = 0;
            foreach (RatePoint p in Profile) peak = Math.Max(peak, p.RatePerSecond);
            return peak;
        }
    }

    /// <summary>
    /// The time-average arrival rate over [<paramref name="fromSeconds"/>, <paramref name="toSeconds"/>], requests/s: the
    /// integral of <see cref="RateAt"/> over the interval divided by its length (<see cref="RatePerSecond"/> without a
    /// profile). This is what a run offers in its observation window (warm-up to warm-up + duration); 0 only when the
    /// profile is 0 throughout it.
    /// </summary>
    /// <param name="fromSeconds">Start, seconds.</param>
    /// <param name="toSeconds">End, seconds; when not after <paramref name="fromSeconds"/>, the rate at <paramref name="fromSeconds"/>.</param>
    /// <returns>Requests per second, ≥ 0.</returns>
    public double MeanRate(double fromSeconds, double toSeconds)
    {
        double from = fromSeconds, to = toSeconds;
        if (Trace is { } trace) return to > from ? trace.ArrivalsBetween(from, to) / (to - from) : trace.MeanRatePerSecond;
        if (Profile.Count == 0) return RatePerSecond;
        if (!(to > from)) return RateAt(from);
        double area = Profile[0].RatePerSecond * Math.Max(0, Math.Min(Profile[0].AtSeconds, to) - from);
        for (int i = 1; i < Profile.Count; i++)
        {
            RatePoint a = Profile[i - 1], b = Profile[i];
            double lo = Math.Max(a.AtSeconds, from), hi = Math.Min(b.AtSeconds, to);
            if (!(b.AtSeconds > a.AtSeconds) || !(hi > lo)) continue; // a step has no width
            double slope = (b.RatePerSecond - a.RatePerSecond) / (b.AtSeconds - a.AtSeconds);
            area += (a.RatePerSecond + slope * (lo - a.AtSeconds) + a.RatePerSecond + slope * (hi - a.AtSeconds)) / 2 * (hi - lo);
        }
        area += Profile[^1].RatePerSecond * Math.Max(0, to - Math.Max(Profile[^1].AtSeconds, from));
        return area / (to - from);
    }
}

/// <summary>
/// A recorded load replayed as the arrivals (<c>load.open.trace</c>): each request of an nginx access log arrives at its
/// recorded start (divided by <see cref="Speed"/>), in the class its URL maps to — the class of the scenario with the name
/// <c>sim calibrate</c> gives that URL pattern, else the class <c>other</c>, else one drawn by the classes' weights. Every
/// replication replays the same arrivals; only service times and the rest of the model's randomness differ. Immutable;
/// thread safe.
/// </summary>
public sealed record TraceReplay
{
    /// <summary>The access log, a path; relative to the scenario file's folder when loaded from a file. JSON <c>file</c>; required.</summary>
    public string File { get; init; } = "";

    /// <summary>The log's format. JSON <c>format</c>: <c>auto</c> (default), <c>stack</c> or <c>combined</c>.</summary>
    public AccessLogs.AccessLogFormat Format { get; init; } = ScenarioDefaults.Of<AccessLogs.AccessLogFormat>("load.open.trace.format");

    /// <summary>Time compression: 2 replays the log twice as fast (twice the rate), 0.5 at half the rate. In (0, 10⁴]. JSON <c>speed</c>; default 1.</summary>
    public double Speed { get; init; } = ScenarioDefaults.Of<double>("load.open.trace.speed");

    /// <summary>When true the log repeats from its start after its last request (each pass one mean gap after the last); when false the arrivals end with the log. JSON <c>loop</c>; default false.</summary>
    public bool Loop { get; init; } = ScenarioDefaults.Of<bool>("load.open.trace.loop");

    /// <summary>The arrivals read from <see cref="File"/> (the loader reads it), or given in code; null until read. Not JSON.</summary>
    public AccessLogs.ArrivalTrace? Arrivals { get; init; }

    /// <summary>One pass of the trace at <see cref="Speed"/>, simulated seconds; NaN before <see cref="Arrivals"/> is set.</summary>
    public double PassSeconds => Arrivals is { } a ? a.SpanSeconds / Speed : double.NaN;

    /// <summary>The mean arrival rate over one pass, requests/s; NaN before <see cref="Arrivals"/> is set.</summary>
    public double MeanRatePerSecond => Arrivals is { } a ? a.Count / PassSeconds : double.NaN;

    /// <summary>The busiest second of the log, scaled by <see cref="Speed"/>, requests/s; NaN before <see cref="Arrivals"/> is set.</summary>
    public double PeakRatePerSecond => Arrivals is { } a ? a.PeakPerSecond * Speed : double.NaN;

    /// <summary>Arrivals in simulated [<paramref name="fromSeconds"/>, <paramref name="toSeconds"/>), counting every pass when <see cref="Loop"/>; 0 before <see cref="Arrivals"/> is set.</summary>
    /// <param name="fromSeconds">Start, simulated seconds.</param>
    /// <param name="toSeconds">End, simulated seconds.</param>
    public double ArrivalsBetween(double fromSeconds, double toSeconds)
    {
        if (Arrivals is not { } trace) return 0;
        double a = Math.Max(0, fromSeconds) * Speed, b = toSeconds * Speed;
        if (!(b > a)) return 0;
        if (!Loop) return trace.CountBetween(a, b);
        double span = trace.SpanSeconds;
        double ka = Math.Floor(a / span), kb = Math.Floor(b / span);
        if (ka == kb) return trace.CountBetween(a - ka * span, b - ka * span);
        return trace.CountBetween(a - ka * span, span) + (kb - ka - 1) * trace.Count + trace.CountBetween(0, b - kb * span);
    }
}

/// <summary>A point of an open-load rate profile. Immutable; thread safe.</summary>
public sealed record RatePoint
{
    /// <summary>Simulated time, seconds, in [0, 10⁷], not before the previous point. JSON <c>at</c>; required.</summary>
    public required double AtSeconds { get; init; }

    /// <summary>Requests per second, in [0, 10⁷]. JSON <c>rate</c>; required.</summary>
    public required double RatePerSecond { get; init; }
}

/// <summary>Closed load: <see cref="Users"/> users alternate think time and one request. The seed's "Users" and "RPS" relate by N = X·(R + Z). Immutable; thread safe.</summary>
public sealed record ClosedLoad
{
    /// <summary>Concurrent users N, in [1, 10⁷]. JSON <c>load.closed.users</c>; required.</summary>
    public required int Users { get; init; }

    /// <summary>Think time Z between a response and the next request, a distribution of seconds (mean ≤ 10⁷ s). JSON <c>load.closed.thinkTime</c>; default exponential with mean 5 s.</summary>
    public Distribution ThinkTimeSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("load.closed.thinkTime");
}

/// <summary>Load-balancing policy over identical servers.</summary>
public enum BalancingPolicy
{
    /// <summary>Each server in turn.</summary>
    RoundRobin,

    /// <summary>The server with the fewest requests in progress (ties broken round-robin).</summary>
    LeastConnections,

    /// <summary>A uniformly random server.</summary>
    Random,

    /// <summary>The less loaded of two random servers.</summary>
    PowerOfTwoChoices,
}

/// <summary>HAProxy in front of <see cref="Servers"/> identical web servers (each: nginx + workers + CPU). Immutable; thread safe.</summary>
public sealed record LoadBalancerSpec
{
    /// <summary>Web servers K, in [1, 1000]. JSON <c>loadBalancer.servers</c>; default 1.</summary>
    public int Servers { get; init; } = ScenarioDefaults.Of<int>("loadBalancer.servers");

    /// <summary>How a request picks a server. JSON <c>loadBalancer.policy</c>; default <see cref="BalancingPolicy.RoundRobin"/>.</summary>
    public BalancingPolicy Policy { get; init; } = ScenarioDefaults.Of<BalancingPolicy>("loadBalancer.policy");

    /// <summary>Added latency per request, seconds, in [0, 10⁷]. JSON <c>loadBalancer.latency</c>; default 0.</summary>
    public double LatencySeconds { get; init; } = ScenarioDefaults.Of<double>("loadBalancer.latency");
}

/// <summary>gzip at the proxy. Immutable; thread safe.</summary>
public sealed record GzipSpec
{
    /// <summary>Whether responses are compressed. JSON <c>proxy.gzip.enabled</c>; default false.</summary>
    public bool Enabled { get; init; } = ScenarioDefaults.Of<bool>("proxy.gzip.enabled");

    /// <summary>Compressed size / original size, in (0, 1]. JSON <c>proxy.gzip.ratio</c>; default 0.3.</summary>
    public double Ratio { get; init; } = ScenarioDefaults.Of<double>("proxy.gzip.ratio");

    /// <summary>CPU time to compress 1 MB (10⁶ bytes) of body, seconds, in [0, 10⁷], on the server's cores. JSON <c>proxy.gzip.cpuPerMB</c>; default 10 ms.</summary>
    public double CpuSecondsPerMegabyte { get; init; } = ScenarioDefaults.Of<double>("proxy.gzip.cpuPerMB");
}

/// <summary>nginx in front of the workers. Immutable; thread safe.</summary>
public sealed record ProxySpec
{
    /// <summary>Client connections held at once (worker_connections); beyond it a request is refused (error). ≥ 1. JSON <c>proxy.maxConnections</c>; default 1024.</summary>
    public int MaxConnections { get; init; } = ScenarioDefaults.Of<int>("proxy.maxConnections");

    /// <summary>When false each request pays a TCP/TLS handshake. JSON <c>proxy.clientKeepalive</c>; default true.</summary>
    public bool ClientKeepalive { get; init; } = ScenarioDefaults.Of<bool>("proxy.clientKeepalive");

    /// <summary>Handshake time when keepalive is off (network round trips), a distribution of seconds. JSON <c>proxy.handshake</c>; default 20 ms.</summary>
    public Distribution HandshakeSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("proxy.handshake");

    /// <summary>CPU per handshake (TLS), seconds, in [0, 10⁷], on the server's cores. JSON <c>proxy.handshakeCpu</c>; default 0.5 ms.</summary>
    public double HandshakeCpuSeconds { get; init; } = ScenarioDefaults.Of<double>("proxy.handshakeCpu");

    /// <summary>When false each request opens a connection to gunicorn. JSON <c>proxy.upstreamKeepalive</c>; default true.</summary>
    public bool UpstreamKeepalive { get; init; } = ScenarioDefaults.Of<bool>("proxy.upstreamKeepalive");

    /// <summary>Time to open an upstream connection, a distribution of seconds. JSON <c>proxy.upstreamConnect</c>; default 0.2 ms.</summary>
    public Distribution UpstreamConnectSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("proxy.upstreamConnect");

    /// <summary>Compression. JSON <c>proxy.gzip</c>; default off.</summary>
    public GzipSpec Gzip { get; init; } = new();

    /// <summary>On: the worker is released when the response is produced and nginx streams it. Off: the worker is held until the client has downloaded it. JSON <c>proxy.buffering</c>; default true.</summary>
    public bool Buffering { get; init; } = ScenarioDefaults.Of<bool>("proxy.buffering");

    /// <summary>Fraction of non-static requests answered from nginx's micro-cache without a worker, in [0, 1]. JSON <c>proxy.staticHitRatio</c>; default 0.</summary>
    public double StaticHitRatio { get; init; } = ScenarioDefaults.Of<double>("proxy.staticHitRatio");

    /// <summary>nginx's own time to serve a request from cache or disk, a distribution of seconds. JSON <c>proxy.serviceTime</c>; default 0.1 ms.</summary>
    public Distribution ServiceTimeSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("proxy.serviceTime");

    /// <summary>Without buffering: bytes the kernel's socket buffers between worker, nginx and client absorb, so the worker is held until the client has received all but this much, in [0, 10¹²]; 0 holds it for the whole download. JSON <c>proxy.socketBuffer</c>; default 0.</summary>
    public double SocketBufferBytes { get; init; } = ScenarioDefaults.Of<double>("proxy.socketBuffer");
}

/// <summary>Which idle worker of a server takes a request that finds one (requests waiting in the backlog are always served first come, first served).</summary>
public enum WorkerDispatch
{
    /// <summary>The worker that has been idle longest (FIFO over idle workers): load spreads evenly.</summary>
    LongestIdle,

    /// <summary>The worker that became idle last (LIFO over idle workers), as processes blocked in accept() or epoll_wait with wake-one semantics tend to be woken: the busiest worker keeps winning.</summary>
    MostRecentlyIdle,

    /// <summary>The idle worker with the smallest index (ordered hunting).</summary>
    LowestIndex,
}

/// <summary>gunicorn sync workers. Immutable; thread safe.</summary>
public sealed record WorkerPoolSpec
{
    /// <summary>Workers per server, in [1, 1000]. JSON <c>workers.count</c>; default 1.</summary>
    public int Count { get; init; } = ScenarioDefaults.Of<int>("workers.count");

    /// <summary>Requests that may wait for a worker (listen backlog); a request arriving to a full backlog gets 503. ≥ 0. JSON <c>workers.backlog</c>; default 2048.</summary>
    public int Backlog { get; init; } = ScenarioDefaults.Of<int>("workers.backlog");

    /// <summary>Which idle worker takes a request. JSON <c>workers.dispatch</c>; default <see cref="WorkerDispatch.LongestIdle"/>.</summary>
    public WorkerDispatch Dispatch { get; init; } = ScenarioDefaults.Of<WorkerDispatch>("workers.dispatch");

    /// <summary>A request holding a worker longer than this gets 504 and the worker is restarted, seconds, in (0, 10⁷]. JSON <c>workers.timeout</c>; default 30 s.</summary>
    public double TimeoutSeconds { get; init; } = ScenarioDefaults.Of<double>("workers.timeout");

    /// <summary>Time a killed worker is unavailable, seconds, in [0, 10⁷]. JSON <c>workers.restartTime</c>; default 1 s.</summary>
    public double RestartTimeSeconds { get; init; } = ScenarioDefaults.Of<double>("workers.restartTime");

    /// <summary>Resident memory per worker, bytes, in [0, 10¹²]. JSON <c>workers.memoryPerWorker</c>; default 60 MB.</summary>
    public double MemoryPerWorkerBytes { get; init; } = ScenarioDefaults.Of<double>("workers.memoryPerWorker");
}

/// <summary>One web server's host. Immutable; thread safe.</summary>
public sealed record HostSpec
{
    /// <summary>CPU cores shared by processor sharing among workers, gzip and handshakes, ≥ 1. JSON <c>host.cores</c>; default 2.</summary>
    public int Cores { get; init; } = ScenarioDefaults.Of<int>("host.cores");

    /// <summary>Memory used besides the workers (OS, nginx), bytes, in [0, 10¹²]. JSON <c>host.baseMemory</c>; default 500 MB.</summary>
    public double BaseMemoryBytes { get; init; } = ScenarioDefaults.Of<double>("host.baseMemory");

    /// <summary>Installed memory, bytes, in [0, 10¹²] (for memory-% figures). JSON <c>host.totalMemory</c>; default 4 GB.</summary>
    public double TotalMemoryBytes { get; init; } = ScenarioDefaults.Of<double>("host.totalMemory");

    /// <summary>
    /// Capacity of the server's network link, bits per second, in (0, 10¹³], shared by every response leaving the server
    /// (processor sharing, each response also capped by its client's bandwidth); null = no limit. JSON <c>host.link</c>
    /// (e.g. <c>"1Gbit/s"</c>); default absent.
    /// </summary>
    public double? LinkBitsPerSecond { get; init; }
}

/// <summary>What a cache client does when every connection is in use.</summary>
public enum ConnectionExhaustion
{
    /// <summary>Wait for a connection.</summary>
    Wait,

    /// <summary>Fail the operation (counted as a cache-connection error; the request treats it as a miss).</summary>
    Error,
}

/// <summary>Redis. Immutable; thread safe.</summary>
public sealed record CacheSpec
{
    /// <summary>When false, cache steps are skipped and every guarded step runs. JSON <c>cache.enabled</c>; default true.</summary>
    public bool Enabled { get; init; } = ScenarioDefaults.Of<bool>("cache.enabled");

    /// <summary>Connections shared by all workers of all servers, ≥ 1. JSON <c>cache.maxConnections</c>; default 50.</summary>
    public int MaxConnections { get; init; } = ScenarioDefaults.Of<int>("cache.maxConnections");

    /// <summary>Wait or error when all are in use. JSON <c>cache.whenExhausted</c>; default <see cref="ConnectionExhaustion.Wait"/>.</summary>
    public ConnectionExhaustion WhenExhausted { get; init; } = ScenarioDefaults.Of<ConnectionExhaustion>("cache.whenExhausted");

    /// <summary>Round trip of one GET/SET, a distribution of seconds. JSON <c>cache.operationTime</c>; default 0.5 ms.</summary>
    public Distribution OperationTimeSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("cache.operationTime");

    /// <summary>
    /// Redis CPU per command (GET or SET), a distribution of seconds, spent on the command's node's single core: the node
    /// executes commands one at a time in arrival order (an FCFS queue), so it can saturate. 0 = Redis is a pure delay of
    /// <see cref="OperationTimeSeconds"/> (no server queue). JSON <c>cache.serviceTime</c>; default 0.
    /// </summary>
    public Distribution ServiceTimeSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("cache.serviceTime");

    /// <summary>
    /// Redis nodes (a cluster with key-hash sharding: each key lives on one node, each node its own single-threaded
    /// server), in [1, 1000]. JSON <c>cache.nodes</c>; default 1.
    /// </summary>
    public int Nodes { get; init; } = ScenarioDefaults.Of<int>("cache.nodes");

    /// <summary>Fixed hit probability, in [0, 1]; used when <see cref="KeySpace"/> is null. JSON <c>cache.hitRatio</c>; default 0.</summary>
    public double HitRatio { get; init; } = ScenarioDefaults.Of<double>("cache.hitRatio");

    /// <summary>Key-space model that produces the hit ratio, or null. JSON <c>cache.keySpace</c>; default null.</summary>
    public KeySpaceSpec? KeySpace { get; init; }
}

/// <summary>A cache key space with Zipf popularity, LRU eviction and TTL. Immutable; thread safe.</summary>
public sealed record KeySpaceSpec
{
    /// <summary>Distinct keys, in [1, 2·10⁷]. JSON <c>cache.keySpace.keys</c>; required.</summary>
    public required long Keys { get; init; }

    /// <summary>Popularity skew s, in [0, 50] (0 = uniform). JSON <c>cache.keySpace.zipfExponent</c>; default 1.</summary>
    public double ZipfExponent { get; init; } = ScenarioDefaults.Of<double>("cache.keySpace.zipfExponent");

    /// <summary>Size of one cached value, a distribution of bytes (mean ≤ 10¹²). JSON <c>cache.keySpace.objectSize</c>; default 10 KB.</summary>
    public Distribution ObjectSizeBytes { get; init; } = ScenarioDefaults.Of<Distribution>("cache.keySpace.objectSize");

    /// <summary>maxmemory, bytes, in [0, 10¹²]; 0 = unlimited. JSON <c>cache.keySpace.maxMemory</c>; default 0.</summary>
    public double MaxMemoryBytes { get; init; } = ScenarioDefaults.Of<double>("cache.keySpace.maxMemory");

    /// <summary>Time to live, seconds, in [0, 10⁷]; 0 = none. JSON <c>cache.keySpace.ttl</c>; default 0.</summary>
    public double TtlSeconds { get; init; } = ScenarioDefaults.Of<double>("cache.keySpace.ttl");
}

/// <summary>Django's database connection handling. Immutable; thread safe.</summary>
public sealed record DbConnectionsSpec
{
    /// <summary>CONN_MAX_AGE, seconds, in [0, 10⁷]: 0 = connect per request and close at its end; &gt; 0 = one persistent connection per worker, re-opened once older than this. Ignored when <see cref="Pool"/> is set. JSON <c>dbConnections.connMaxAge</c>; default 0.</summary>
    public double ConnMaxAgeSeconds { get; init; } = ScenarioDefaults.Of<double>("dbConnections.connMaxAge");

    /// <summary>Time to open a connection (TCP + auth), a distribution of seconds. JSON <c>dbConnections.connectTime</c>; default uniform 5–10 ms.</summary>
    public Distribution ConnectTimeSeconds { get; init; } = ScenarioDefaults.Of<Distribution>("dbConnections.connectTime");

    /// <summary>App-server CPU per connection opened, seconds, in [0, 10⁷]. JSON <c>dbConnections.connectCpu</c>; default 1 ms.</summary>
    public double ConnectCpuSeconds { get; init; } = ScenarioDefaults.Of<double>("dbConnections.connectCpu");

    /// <summary>External pool (pgbouncer-style), or null. JSON <c>dbConnections.pool</c>; default null.</summary>
    public DbPoolSpec? Pool { get; init; }
}

/// <summary>An external connection pool shared by all workers. Immutable; thread safe.</summary>
public sealed record DbPoolSpec
{
    /// <summary>Server connections P, ≥ 1. JSON <c>dbConnections.pool.size</c>; required.</summary>
    public required int Size { get; init; }

    /// <summary>Longest wait for a connection before the request fails, seconds, in (0, 10⁷]. JSON <c>dbConnections.pool.waitTimeout</c>; default 5 s.</summary>
    public double WaitTimeoutSeconds { get; init; } = ScenarioDefaults.Of<double>("dbConnections.pool.waitTimeout");
}

/// <summary>PostgreSQL. Immutable; thread safe.</summary>
public sealed record DatabaseSpec
{
    /// <summary>max_connections; a connection beyond it fails the request (counted). ≥ 1. JSON <c>database.maxConnections</c>; default 100.</summary>
    public int MaxConnections { get; init; } = ScenarioDefaults.Of<int>("database.maxConnections");

    /// <summary>Queries executed in parallel per database server, ≥ 1. JSON <c>database.cores</c>; default 4.</summary>
    public int Cores { get; init; } = ScenarioDefaults.Of<int>("database.cores");

    /// <summary>Database CPU (on its cores) per connection opened (fork + auth), seconds, in [0, 10⁷]. JSON <c>database.connectCpu</c>; default 2 ms.</summary>
    public double ConnectCpuSeconds { get; init; } = ScenarioDefaults.Of<double>("database.connectCpu");

    /// <summary>Memory per open connection, bytes, in [0, 10¹²]. JSON <c>database.memoryPerConnection</c>; default 10 MB.</summary>
    public double MemoryPerConnectionBytes { get; init; } = ScenarioDefaults.Of<double>("database.memoryPerConnection");

    /// <summary>Read replicas (each with <see cref="Cores"/> cores), in [0, 1000]. JSON <c>database.readReplicas</c>; default 0.</summary>
    public int ReadReplicas { get; init; } = ScenarioDefaults.Of<int>("database.readReplicas");

    /// <summary>Fraction of read queries sent to replicas when there are any, in [0, 1]. JSON <c>database.replicaReads</c>; default 1.</summary>
    public double ReplicaReads { get; init; } = ScenarioDefaults.Of<double>("database.replicaReads");
}

/// <summary>Celery workers fed through RabbitMQ. Immutable; thread safe.</summary>
public sealed record TaskQueueSpec
{
    /// <summary>Publish-to-deliver latency, a distribution of seconds. JSON <c>taskQueue.brokerLatency</c>; default 2 ms.</summary>
    public Distribution BrokerLatencySeconds { get; init; } = ScenarioDefaults.Of<Distribution>("taskQueue.brokerLatency");

    /// <summary>Tasks executed at once, ≥ 1. JSON <c>taskQueue.concurrency</c>; default 4.</summary>
    public int Concurrency { get; init; } = ScenarioDefaults.Of<int>("taskQueue.concurrency");

    /// <summary>Cores of the Celery host, ≥ 1. JSON <c>taskQueue.cores</c>; default 2.</summary>
    public int Cores { get; init; } = ScenarioDefaults.Of<int>("taskQueue.cores");

    /// <summary>What a task does (CPU, cache, DB queries, external calls; no respond or enqueue). JSON <c>taskQueue.steps</c>; required.</summary>
    public required IReadOnlyList<Step> Steps { get; init; }
}

/// <summary>Clients' network. Immutable; thread safe.</summary>
public sealed record NetworkSpec
{
    /// <summary>Download bandwidth of one client, a distribution of bits per second that never draws 0. JSON <c>network.clientBandwidth</c>; default 100 Mbit/s.</summary>
    public Distribution ClientBandwidthBitsPerSecond { get; init; } = ScenarioDefaults.Of<Distribution>("network.clientBandwidth");

    /// <summary>Client round-trip time, seconds, in [0, 10⁷] (added once per request: request up, first byte down). JSON <c>network.roundTrip</c>; default 0.</summary>
    public double RoundTripSeconds { get; init; } = ScenarioDefaults.Of<double>("network.roundTrip");
}

/// <summary>Long-lived WebSocket connections held at the proxy (dashboard). Immutable; thread safe.</summary>
public sealed record WebSocketSpec
{
    /// <summary>Open connections, ≥ 0; each counts against <see cref="ProxySpec.MaxConnections"/>. JSON <c>webSockets.connections</c>; default 0.</summary>
    public int Connections { get; init; } = ScenarioDefaults.Of<int>("webSockets.connections");

    /// <summary>Memory per connection, bytes, in [0, 10¹²]. JSON <c>webSockets.memoryPerConnection</c>; default 380 KB.</summary>
    public double MemoryPerConnectionBytes { get; init; } = ScenarioDefaults.Of<double>("webSockets.memoryPerConnection");
}

/// <summary>A service-level objective: a latency quantile limit and an error-rate limit. Immutable; thread safe.</summary>
public sealed record SloSpec
{
    /// <summary>Quantile in (0, 1), e.g. 0.95 (JSON key <c>p95</c>). Default 0.95.</summary>
    public double LatencyQuantile { get; init; } = ScenarioDefaults.SloQuantile;

    /// <summary>Maximum latency at that quantile, seconds, in (0, 10⁷]. JSON <c>slo.pNN</c>; default 500 ms.</summary>
    public double LatencyLimitSeconds { get; init; } = ScenarioDefaults.SloLatencySeconds;

    /// <summary>Maximum fraction of requests that fail, in [0, 1]. JSON <c>slo.errorRate</c>; default 0.001 (0.1 %).</summary>
    public double MaxErrorRate { get; init; } = ScenarioDefaults.SloErrorRate;
}
