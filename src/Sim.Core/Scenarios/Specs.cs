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

/// <summary>Where requests come from: exactly one of <see cref="Open"/>, <see cref="Closed"/> and <see cref="Populations"/>. Immutable; thread safe.</summary>
public sealed record LoadSpec
{
    /// <summary>Open load, or null. JSON <c>load.open</c>; default null.</summary>
    public OpenLoad? Open { get; init; }

    /// <summary>Closed load, or null. JSON <c>load.closed</c>; default null.</summary>
    public ClosedLoad? Closed { get; init; }

    /// <summary>
    /// Several populations side by side, each with its own open or closed load and class mix, or null. JSON
    /// <c>load.populations</c>; default null. At least one, names unique.
    /// </summary>
    public IReadOnlyList<PopulationSpec>? Populations { get; init; }
}

/// <summary>
/// One population of <see cref="LoadSpec.Populations"/>: its own load (exactly one of <see cref="Open"/> and
/// <see cref="Closed"/>) and its own mix of request classes. Its arrivals, users and requests draw from substreams named
/// after it, so adding a population does not change another's. Immutable; thread safe.
/// </summary>
public sealed record PopulationSpec
{
    /// <summary>Unique name: ASCII letters, digits, '-', '_'. JSON <c>load.populations[].name</c>; required.</summary>
    public required string Name { get; init; }

    /// <summary>Open load of the population, or null. JSON <c>load.populations[].open</c>; default null.</summary>
    public OpenLoad? Open { get; init; }

    /// <summary>Closed load of the population, or null. JSON <c>load.populations[].closed</c>; default null.</summary>
    public ClosedLoad? Closed { get; init; }

    /// <summary>
    /// Relative weights (&gt; 0) over the scenario's class names: a request of the population picks its class by them; a
    /// class absent from a non-empty mix is never picked. Empty = the classes' own weights. JSON
    /// <c>load.populations[].mix</c>, e.g. <c>{"page": 0.55, "static": 0.45}</c>; default empty.
    /// </summary>
    public IReadOnlyDictionary<string, double> Mix { get; init; } = new Dictionary<string, double>();

    /// <inheritdoc />
    public bool Equals(PopulationSpec? other) => other is not null && Name == other.Name && Equals(Open, other.Open) && Equals(Closed, other.Closed)
        && Mix.Count == other.Mix.Count && Mix.All(kv => other.Mix.TryGetValue(kv.Key, out double w) && w.Equals(kv.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Open, Closed, Mix.Count);
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

    /// <summary>
    /// nginx's own CPU per request (parsing, proxying, logging; gzip is counted apart), seconds, in [0, 10⁷], on the server's
    /// cores: spent when the request reaches nginx, before it is served or passed upstream. JSON <c>proxy.cpu</c>; default 0.
    /// </summary>
    public double CpuSeconds { get; init; } = ScenarioDefaults.Of<double>("proxy.cpu");

    /// <summary>
    /// nginx worker processes per server, in [0, 1000]: with n ≥ 1 the requests are handed to them in turn, and each worker is
    /// a single process that spends <see cref="CpuSeconds"/> for one request at a time, first come first served (its CPU still
    /// shares the host's cores). 0 = no per-process limit: nginx's CPU is processor-shared on the host like any other work.
    /// JSON <c>proxy.workers</c>; default 0.
    /// </summary>
    public int Workers { get; init; } = ScenarioDefaults.Of<int>("proxy.workers");
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

    /// <summary>
    /// Memory a worker's resident set keeps after each request it takes (leak-like growth, freed only when the process
    /// ends: an OOM kill, a timeout kill or a recycle), bytes, in [0, 10¹²]. JSON <c>workers.memoryGrowthPerRequest</c>; default 0.
    /// </summary>
    public double MemoryGrowthPerRequestBytes { get; init; } = ScenarioDefaults.Of<double>("workers.memoryGrowthPerRequest");

    /// <summary>
    /// gunicorn's <c>max_requests</c>: a worker that has served this many requests exits after the last one and is
    /// replaced, unavailable for <see cref="RestartTimeSeconds"/>, its grown memory returned; in [0, 2³¹−1], 0 = never.
    /// JSON <c>workers.maxRequests</c>; default 0.
    /// </summary>
    public int MaxRequests { get; init; } = ScenarioDefaults.Of<int>("workers.maxRequests");
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

    /// <summary>
    /// Memory the server may use, bytes, in (0, 10¹²]; null = no limit. Work that would take the host's memory in use
    /// (<see cref="BaseMemoryBytes"/>, each worker's <see cref="WorkerPoolSpec.MemoryPerWorkerBytes"/> and grown memory,
    /// the memory of the requests in service, the server's share of WebSocket connections) past it makes the kernel's
    /// OOM killer kill the largest worker (docs/components/memory.md). JSON <c>host.memoryLimit</c> (e.g. <c>"1GB"</c>); default absent.
    /// </summary>
    public double? MemoryLimitBytes { get; init; }

    /// <summary>
    /// Swap space past <see cref="MemoryLimitBytes"/>, bytes, in [0, 10¹²]: while the host's memory in use exceeds the limit
    /// by at most this much nothing is killed, but every piece of CPU work submitted to the host meanwhile is slowed by
    /// 1 + <see cref="SwapSlowdown"/> × excess ÷ limit; only work that would take the memory past limit + swap makes the
    /// OOM killer kill (docs/components/memory.md). Needs a limit. JSON <c>host.swap</c>; default 0 (no swap).
    /// </summary>
    public double SwapBytes { get; init; } = ScenarioDefaults.Of<double>("host.swap");

    /// <summary>
    /// k in the swap slowdown factor 1 + k × (memory in use − limit) ÷ limit, in [0, 1000]: how much slower a host's CPU
    /// work runs per unit of its limit swapped out. An assumption to calibrate, not a measured constant.
    /// JSON <c>host.swapSlowdown</c>; default 10.
    /// </summary>
    public double SwapSlowdown { get; init; } = ScenarioDefaults.Of<double>("host.swapSlowdown");

    /// <summary>
    /// CPU a worker process needs on the host to resume after an I/O completion (a database query's or a Redis command's
    /// reply: wake-up, scheduling, reading the socket), seconds, in [0, 10⁷]: a small processor-sharing job on the server's
    /// cores, so a reply waits longer when the cores are busy. JSON <c>host.wakeupCpu</c>; default 0.
    /// </summary>
    public double WakeupCpuSeconds { get; init; } = ScenarioDefaults.Of<double>("host.wakeupCpu");
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

    /// <summary>
    /// PostgreSQL's postmaster: the time the single postmaster process spends on each new connection (accept, fork), seconds,
    /// in [0, 10⁷]. With a value &gt; 0 connection setups queue for it one at a time, first come first served, after the
    /// connect's network time; with <see cref="PlacementSpec.Database"/> = <see cref="Placement.Web"/> that service is also
    /// CPU on the web host's cores. 0 = no postmaster queue. JSON <c>database.postmasterCpu</c>; default 0.
    /// </summary>
    public double PostmasterCpuSeconds { get; init; } = ScenarioDefaults.Of<double>("database.postmasterCpu");
}

/// <summary>Where a component runs.</summary>
public enum Placement
{
    /// <summary>On its own host, with its own cores (the database's <c>database.cores</c>, Celery's <c>taskQueue.cores</c>, a Redis node's core; the load generator off the stack).</summary>
    Own,

    /// <summary>On the (first) web server's host: its CPU work joins the web host's processor-sharing cores.</summary>
    Web,
}

/// <summary>
/// Which components share the web host's cores. A component placed on <see cref="Placement.Web"/> runs its CPU work — the
/// primary database's queries, connection CPU and postmaster; a Redis node's commands; Celery's CPU steps; the load
/// generator's CPU per request — as processor-sharing jobs on the first web server's cores, beside gunicorn, nginx and
/// gzip. Immutable; thread safe.
/// </summary>
public sealed record PlacementSpec
{
    /// <summary>The primary database (replicas keep their own hosts). JSON <c>placement.database</c>; default <see cref="Placement.Own"/>.</summary>
    public Placement Database { get; init; } = ScenarioDefaults.Of<Placement>("placement.database");

    /// <summary>Redis (every node; only its commands' CPU, <c>cache.serviceTime</c>, is work). JSON <c>placement.cache</c>; default <see cref="Placement.Own"/>.</summary>
    public Placement Cache { get; init; } = ScenarioDefaults.Of<Placement>("placement.cache");

    /// <summary>Celery's workers (their CPU steps; <c>taskQueue.cores</c> is then unused). JSON <c>placement.taskQueue</c>; default <see cref="Placement.Own"/>.</summary>
    public Placement TaskQueue { get; init; } = ScenarioDefaults.Of<Placement>("placement.taskQueue");

    /// <summary>The load generator: with <see cref="Placement.Web"/> each request costs <see cref="GeneratorCpuSeconds"/> of the web host's CPU. JSON <c>placement.loadGenerator</c>; default <see cref="Placement.Own"/>.</summary>
    public Placement LoadGenerator { get; init; } = ScenarioDefaults.Of<Placement>("placement.loadGenerator");

    /// <summary>
    /// CPU the load generator spends per request (sending it, reading the response), seconds, in [0, 10⁷], when it is placed
    /// on the web host; it loads the cores without delaying the request itself. Ignored with <see cref="LoadGenerator"/> =
    /// <see cref="Placement.Own"/>. JSON <c>placement.generatorCpu</c>; default 0.
    /// </summary>
    public double GeneratorCpuSeconds { get; init; } = ScenarioDefaults.Of<double>("placement.generatorCpu");
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

/// <summary>
/// What the clients do besides waiting: give up on a slow response (<see cref="TimeoutSeconds"/>), leave the queue
/// before service (<see cref="PatienceSeconds"/>), and retry (<see cref="Retries"/>). The defaults (no timeout, infinite
/// patience, no retries) are the model without client behaviour. Immutable; thread safe.
/// </summary>
public sealed record ClientsSpec
{
    /// <summary>
    /// The client stops waiting for the response this long after sending the attempt, seconds, in (0, 10⁷]; the server
    /// goes on with the request (its worker is not freed) and its response is wasted work. Null = wait for ever.
    /// JSON <c>clients.timeout</c>; default absent.
    /// </summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>
    /// How long a client waits in gunicorn's listen backlog before it abandons (the attempt leaves the backlog before any
    /// work), a distribution of seconds drawn per attempt (exponential patience makes the backlog an M/M/c+M queue). Null =
    /// infinite patience. JSON <c>clients.patience</c>; default absent.
    /// </summary>
    public Distribution? PatienceSeconds { get; init; }

    /// <summary>Retries of failed attempts. JSON <c>clients.retries</c>; default none (<see cref="RetrySpec.Max"/> = 0).</summary>
    public RetrySpec Retries { get; init; } = new();
}

/// <summary>
/// Retries: a failed attempt of a request is sent again, after a backoff, by the same user (closed load: the user waits
/// for the final outcome before thinking) or the same arrival (open load: retries add to the offered load). The latency
/// of a request counts from its first attempt. Immutable; thread safe.
/// </summary>
public sealed record RetrySpec
{
    /// <summary>Retries after the first attempt, in [0, 100]; 0 = none. JSON <c>clients.retries.max</c>; default 0.</summary>
    public int Max { get; init; } = ScenarioDefaults.Of<int>("clients.retries.max");

    /// <summary>
    /// The outcomes of an attempt that trigger a retry (every other failure is final). JSON <c>clients.retries.on</c>,
    /// words <c>timeout</c>, <c>abandoned</c>, <c>refused</c>, <c>500</c>, <c>503</c>, <c>504</c>; default
    /// <c>["timeout", "503", "504"]</c>.
    /// </summary>
    public IReadOnlyList<RetryTrigger> On { get; init; } = [RetryTrigger.ClientTimeout, RetryTrigger.BacklogFull, RetryTrigger.WorkerTimeout];

    /// <summary>The wait before each retry. JSON <c>clients.retries.backoff</c>; default 100 ms × 2ⁿ up to 10 s, full jitter.</summary>
    public BackoffSpec Backoff { get; init; } = new();
}

/// <summary>An outcome of an attempt that can trigger a retry (<see cref="RetrySpec.On"/>).</summary>
public enum RetryTrigger
{
    /// <summary>The client gave up waiting (<c>clients.timeout</c>). JSON <c>timeout</c>.</summary>
    ClientTimeout,

    /// <summary>The client left the listen backlog (<c>clients.patience</c>). JSON <c>abandoned</c>.</summary>
    Abandoned,

    /// <summary>nginx refused the connection (<c>proxy.maxConnections</c>). JSON <c>refused</c>.</summary>
    Refused,

    /// <summary>A 500: database max_connections reached or the pool's wait timed out. JSON <c>500</c>.</summary>
    DatabaseError,

    /// <summary>A 503: the listen backlog was full. JSON <c>503</c>.</summary>
    BacklogFull,

    /// <summary>A 504: the request held its worker past <c>workers.timeout</c>. JSON <c>504</c>.</summary>
    WorkerTimeout,
}

/// <summary>
/// Exponential backoff with jitter: before retry n (n = 1, 2, …) the client waits d = min(<see cref="MaxSeconds"/>,
/// <see cref="InitialSeconds"/> · <see cref="Multiplier"/>ⁿ⁻¹) · (1 − <see cref="Jitter"/> · U), U uniform on [0, 1).
/// Immutable; thread safe.
/// </summary>
public sealed record BackoffSpec
{
    /// <summary>Backoff before the first retry, seconds, in [0, 10⁷]. JSON <c>clients.retries.backoff.initial</c>; default 100 ms.</summary>
    public double InitialSeconds { get; init; } = ScenarioDefaults.Of<double>("clients.retries.backoff.initial");

    /// <summary>Growth factor of the backoff from one retry to the next, in [1, 100]. JSON <c>clients.retries.backoff.multiplier</c>; default 2.</summary>
    public double Multiplier { get; init; } = ScenarioDefaults.Of<double>("clients.retries.backoff.multiplier");

    /// <summary>Longest backoff, seconds, in [0, 10⁷]. JSON <c>clients.retries.backoff.max</c>; default 10 s.</summary>
    public double MaxSeconds { get; init; } = ScenarioDefaults.Of<double>("clients.retries.backoff.max");

    /// <summary>
    /// The random part of the backoff, a fraction in [0, 1]: 1 = "full" jitter (uniform on [0, d)), 0.5 = "equal"
    /// jitter (d/2 + uniform on [0, d/2)), 0 = "none" (exactly d). JSON <c>clients.retries.backoff.jitter</c>
    /// (<c>"full"</c>, <c>"equal"</c>, <c>"none"</c> or a ratio); default full (1).
    /// </summary>
    public double Jitter { get; init; } = ScenarioDefaults.Of<double>("clients.retries.backoff.jitter");
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

    /// <summary>
    /// Latency objectives for single request classes, judged beside the overall one (e.g. page p95 ≤ 500 ms, static p95 ≤ 50 ms),
    /// each on the latencies of its class only; at most one per class. JSON <c>slo.classes</c> (<c>{"page": {"p95": "500ms"}}</c>); default none.
    /// </summary>
    public IReadOnlyList<ClassSloSpec> Classes { get; init; } = [];

    /// <summary>
    /// Request classes left out of the overall latency objective (<see cref="LatencyQuantile"/>, <see cref="LatencyLimitSeconds"/>):
    /// it is judged on the latencies of the other classes only (e.g. without static files). The error rate still counts every
    /// request. At least one class must remain. JSON <c>slo.excludeClasses</c>; default none.
    /// </summary>
    public IReadOnlyList<string> ExcludeClasses { get; init; } = [];

    /// <summary>
    /// Latency objectives for single populations of <see cref="LoadSpec.Populations"/>, judged beside the overall one (e.g. api
    /// p95 ≤ 200 ms), each on the latencies of its population only; at most one per population. JSON <c>slo.populations</c>
    /// (<c>{"api": {"p95": "200ms"}}</c>); default none.
    /// </summary>
    public IReadOnlyList<PopulationSloSpec> Populations { get; init; } = [];

    /// <summary>Value equality, the lists compared item by item (an SLO read from a file equals the same SLO built in code).</summary>
    /// <param name="other">The SLO to compare with.</param>
    public bool Equals(SloSpec? other) =>
        other is not null && LatencyQuantile.Equals(other.LatencyQuantile) && LatencyLimitSeconds.Equals(other.LatencyLimitSeconds)
        && MaxErrorRate.Equals(other.MaxErrorRate) && Classes.SequenceEqual(other.Classes) && ExcludeClasses.SequenceEqual(other.ExcludeClasses)
        && Populations.SequenceEqual(other.Populations);

    /// <summary>A hash consistent with <see cref="Equals(SloSpec?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(LatencyQuantile, LatencyLimitSeconds, MaxErrorRate, Classes.Count, ExcludeClasses.Count);
}

/// <summary>A latency objective for one request class: its latency at <see cref="LatencyQuantile"/> must be at most <see cref="LatencyLimitSeconds"/>. Immutable; thread safe.</summary>
/// <param name="Class">The request class's name (one of <see cref="StackScenario.Classes"/>).</param>
/// <param name="LatencyQuantile">Quantile in (0, 1), e.g. 0.95 (JSON key <c>p95</c>).</param>
/// <param name="LatencyLimitSeconds">Maximum latency of the class at that quantile, seconds, in (0, 10⁷].</param>
public sealed record ClassSloSpec(string Class, double LatencyQuantile, double LatencyLimitSeconds);

/// <summary>A latency objective for one population: its latency at <see cref="LatencyQuantile"/> must be at most <see cref="LatencyLimitSeconds"/>. Immutable; thread safe.</summary>
/// <param name="Population">The population's name (one of <see cref="LoadSpec.Populations"/>).</param>
/// <param name="LatencyQuantile">Quantile in (0, 1), e.g. 0.95 (JSON key <c>p95</c>).</param>
/// <param name="LatencyLimitSeconds">Maximum latency of the population at that quantile, seconds, in (0, 10⁷].</param>
public sealed record PopulationSloSpec(string Population, double LatencyQuantile, double LatencyLimitSeconds);
