using Sim.Distributions;

namespace Sim.Scenarios;

// The stack's parameters, one record per component. All times in seconds, sizes in bytes, rates
// per second, bandwidth in bits per second. JSON carries units ("5ms", "500KB", "20Mbit/s"); the
// loader converts them. Defaults are the documented values of docs/scenarios.md.

/// <summary>Run control.</summary>
/// <param name="Duration">Observed simulated time per replication, seconds, &gt; 0.</param>
/// <param name="Warmup">Discarded simulated time before observing, seconds, ≥ 0; null = detect automatically (MSER-5).</param>
/// <param name="Replications">Independent replications, in [1, <see cref="MaxReplications"/>].</param>
/// <param name="Seed">Scenario seed.</param>
/// <param name="MaxInFlight">Hard cap on requests in the system at once; reaching it stops the run as unstable. ≥ 1.</param>
public sealed record RunSettings(double Duration, double? Warmup, int Replications, ulong Seed, int MaxInFlight)
{
    /// <summary>The most replications one run may use: each keeps its results (about 0.1 MB) until they are summarised.</summary>
    public const int MaxReplications = 10_000;

    /// <summary>
    /// The most requests one run may offer in all (rate × (warm-up + duration) × replications): 10⁹, about 20 minutes on
    /// two cores. Beyond it a run is nearly always a typo (a duration in seconds meant as minutes, a users count with
    /// extra zeros) that would otherwise look like a hang.
    /// </summary>
    public const double MaxRequests = 1e9;
}

/// <summary>Where requests come from: exactly one of <see cref="Open"/> and <see cref="Closed"/>.</summary>
public sealed record LoadSpec(OpenLoad? Open, ClosedLoad? Closed);

/// <summary>Open load: Poisson arrivals at a rate that is constant, stepped, or ramped.</summary>
/// <param name="Rate">Constant rate, requests/s (used when <paramref name="Profile"/> is empty).</param>
/// <param name="Profile">Piecewise-linear rate profile: points (time s, rate/s); constant after the last point. Steps are two points at the same time.</param>
public sealed record OpenLoad(double Rate, IReadOnlyList<RatePoint> Profile)
{
    /// <summary>The arrival rate at simulated time <paramref name="t"/>, requests/s: <see cref="Rate"/> without a profile; with one, the first point's rate before it, linear between points, the later rate at a step, the last rate after the last point.</summary>
    /// <param name="t">Simulated time, seconds.</param>
    public double RateAt(double t)
    {
        if (Profile.Count == 0) return Rate;
        if (t <= Profile[0].At) return Profile[0].Rate;
        for (int i = 1; i < Profile.Count; i++)
        {
            RatePoint a = Profile[i - 1], b = Profile[i];
            if (t < b.At) return b.At == a.At ? b.Rate : a.Rate + (b.Rate - a.Rate) * (t - a.At) / (b.At - a.At);
        }
        return Profile[^1].Rate;
    }

    /// <summary>The highest rate the load reaches, requests/s: <see cref="Rate"/>, or the largest rate of the profile's points.</summary>
    public double PeakRate
    {
        get
        {
            if (Profile.Count == 0) return Rate;
            double peak = 0;
            foreach (RatePoint p in Profile) peak = Math.Max(peak, p.Rate);
            return peak;
        }
    }

    /// <summary>
    /// The time-average arrival rate over [<paramref name="from"/>, <paramref name="to"/>], requests/s: the integral of
    /// <see cref="RateAt"/> over the interval divided by its length (<see cref="Rate"/> without a profile). This is what a
    /// run offers in its observation window (warm-up to warm-up + duration); 0 only when the profile is 0 throughout it.
    /// </summary>
    /// <param name="from">Start, seconds.</param>
    /// <param name="to">End, seconds; when not after <paramref name="from"/>, the rate at <paramref name="from"/>.</param>
    public double MeanRate(double from, double to)
    {
        if (Profile.Count == 0) return Rate;
        if (!(to > from)) return RateAt(from);
        double area = Profile[0].Rate * Math.Max(0, Math.Min(Profile[0].At, to) - from);
        for (int i = 1; i < Profile.Count; i++)
        {
            RatePoint a = Profile[i - 1], b = Profile[i];
            double lo = Math.Max(a.At, from), hi = Math.Min(b.At, to);
            if (!(b.At > a.At) || !(hi > lo)) continue; // a step has no width
            double slope = (b.Rate - a.Rate) / (b.At - a.At);
            area += (a.Rate + slope * (lo - a.At) + a.Rate + slope * (hi - a.At)) / 2 * (hi - lo);
        }
        area += Profile[^1].Rate * Math.Max(0, to - Math.Max(Profile[^1].At, from));
        return area / (to - from);
    }
}

/// <summary>A point of an open-load rate profile.</summary>
/// <param name="At">Simulated time, seconds, ≥ 0.</param>
/// <param name="Rate">Requests per second, ≥ 0.</param>
public sealed record RatePoint(double At, double Rate);

/// <summary>Closed load: <paramref name="Users"/> users alternate think time and one request. The seed's "Users" and "RPS" relate by N = X·(R + Z).</summary>
/// <param name="Users">Concurrent users N, ≥ 1.</param>
/// <param name="ThinkTime">Think time Z between a response and the next request, seconds.</param>
public sealed record ClosedLoad(int Users, Distribution ThinkTime);

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

/// <summary>HAProxy in front of <paramref name="Servers"/> identical web servers (each: nginx + workers + CPU).</summary>
/// <param name="Servers">Web servers K, ≥ 1.</param>
/// <param name="Policy">How a request picks a server.</param>
/// <param name="Latency">Added latency per request, seconds.</param>
public sealed record LoadBalancerSpec(int Servers, BalancingPolicy Policy, double Latency);

/// <summary>gzip at the proxy.</summary>
/// <param name="Enabled">Whether responses are compressed.</param>
/// <param name="Ratio">Compressed size / original size, in (0, 1].</param>
/// <param name="CpuPerMegabyte">CPU time to compress 1 MB (10^6 bytes) of body, seconds, on the server's cores.</param>
public sealed record GzipSpec(bool Enabled, double Ratio, double CpuPerMegabyte);

/// <summary>nginx in front of the workers.</summary>
/// <param name="MaxConnections">Client connections held at once (worker_connections); beyond it a request is refused (error). ≥ 1.</param>
/// <param name="ClientKeepalive">When false each request pays a TCP/TLS handshake.</param>
/// <param name="Handshake">Handshake time when keepalive is off (network round trips), seconds.</param>
/// <param name="HandshakeCpu">CPU per handshake (TLS), seconds, on the server's cores.</param>
/// <param name="UpstreamKeepalive">When false each request opens a connection to gunicorn.</param>
/// <param name="UpstreamConnect">Time to open an upstream connection, seconds.</param>
/// <param name="Gzip">Compression.</param>
/// <param name="Buffering">On: the worker is released when the response is produced and nginx streams it. Off: the worker is held until the client has downloaded it.</param>
/// <param name="StaticHitRatio">Fraction of non-static requests answered from nginx's micro-cache without a worker, in [0, 1].</param>
/// <param name="ServiceTime">nginx's own time to serve a request from cache or disk, seconds.</param>
/// <param name="SocketBuffer">Without buffering: bytes the kernel's socket buffers between worker, nginx and client absorb, so the worker is held until the client has received all but this much; 0 (default) holds it for the whole download.</param>
public sealed record ProxySpec(int MaxConnections, bool ClientKeepalive, Distribution Handshake, double HandshakeCpu,
    bool UpstreamKeepalive, Distribution UpstreamConnect, GzipSpec Gzip, bool Buffering, double StaticHitRatio, Distribution ServiceTime,
    double SocketBuffer = 0);

/// <summary>gunicorn sync workers.</summary>
/// <param name="Count">Workers per server, ≥ 1.</param>
/// <param name="Backlog">Requests that may wait for a worker (listen backlog); a request arriving to a full backlog gets 503. ≥ 0.</param>
/// <param name="Timeout">A request holding a worker longer than this gets 504 and the worker is restarted, seconds, &gt; 0.</param>
/// <param name="RestartTime">Time a killed worker is unavailable, seconds, ≥ 0.</param>
/// <param name="MemoryPerWorker">Resident memory per worker, bytes.</param>
public sealed record WorkerPoolSpec(int Count, int Backlog, double Timeout, double RestartTime, double MemoryPerWorker);

/// <summary>One web server's host.</summary>
/// <param name="Cores">CPU cores shared by processor sharing among workers, gzip and handshakes, ≥ 1.</param>
/// <param name="BaseMemory">Memory used besides the workers (OS, nginx), bytes.</param>
/// <param name="TotalMemory">Installed memory, bytes (for memory-% figures).</param>
public sealed record HostSpec(int Cores, double BaseMemory, double TotalMemory);

/// <summary>What a cache client does when every connection is in use.</summary>
public enum ConnectionExhaustion
{
    /// <summary>Wait for a connection.</summary>
    Wait,

    /// <summary>Fail the operation (counted as a cache-connection error; the request treats it as a miss).</summary>
    Error,
}

/// <summary>Redis.</summary>
/// <param name="Enabled">When false, cache steps are skipped and every guarded step runs.</param>
/// <param name="MaxConnections">Connections shared by all workers of all servers, ≥ 1.</param>
/// <param name="WhenExhausted">Wait or error when all are in use.</param>
/// <param name="OperationTime">Round trip of one GET/SET, seconds.</param>
/// <param name="HitRatio">Fixed hit probability, in [0, 1]; used when <paramref name="KeySpace"/> is null.</param>
/// <param name="KeySpace">Key-space model that produces the hit ratio, or null.</param>
public sealed record CacheSpec(bool Enabled, int MaxConnections, ConnectionExhaustion WhenExhausted, Distribution OperationTime, double HitRatio, KeySpaceSpec? KeySpace);

/// <summary>A cache key space with Zipf popularity, LRU eviction and TTL.</summary>
/// <param name="Keys">Distinct keys, ≥ 1.</param>
/// <param name="ZipfExponent">Popularity skew s ≥ 0 (0 = uniform).</param>
/// <param name="ObjectSize">Size of one cached value, bytes.</param>
/// <param name="MaxMemory">maxmemory, bytes; 0 = unlimited.</param>
/// <param name="Ttl">Time to live, seconds; 0 = none.</param>
public sealed record KeySpaceSpec(long Keys, double ZipfExponent, Distribution ObjectSize, double MaxMemory, double Ttl);

/// <summary>Django's database connection handling.</summary>
/// <param name="ConnMaxAge">CONN_MAX_AGE, seconds: 0 = connect per request and close at its end; &gt; 0 = one persistent connection per worker, re-opened once older than this. Ignored when <paramref name="Pool"/> is set.</param>
/// <param name="ConnectTime">Time to open a connection (TCP + auth), seconds.</param>
/// <param name="ConnectCpu">App-server CPU per connection opened, seconds.</param>
/// <param name="Pool">External pool (pgbouncer-style), or null.</param>
public sealed record DbConnectionsSpec(double ConnMaxAge, Distribution ConnectTime, double ConnectCpu, DbPoolSpec? Pool);

/// <summary>An external connection pool shared by all workers.</summary>
/// <param name="Size">Server connections P, ≥ 1.</param>
/// <param name="WaitTimeout">Longest wait for a connection before the request fails, seconds, &gt; 0.</param>
public sealed record DbPoolSpec(int Size, double WaitTimeout);

/// <summary>PostgreSQL.</summary>
/// <param name="MaxConnections">max_connections; a connection beyond it fails the request (counted). ≥ 1.</param>
/// <param name="Cores">Queries executed in parallel per database server, ≥ 1.</param>
/// <param name="ConnectCpu">Database CPU (on its cores) per connection opened (fork + auth), seconds.</param>
/// <param name="MemoryPerConnection">Memory per open connection, bytes.</param>
/// <param name="ReadReplicas">Read replicas (each with <paramref name="Cores"/> cores), ≥ 0.</param>
/// <param name="ReplicaReads">Fraction of read queries sent to replicas when there are any, in [0, 1].</param>
public sealed record DatabaseSpec(int MaxConnections, int Cores, double ConnectCpu, double MemoryPerConnection, int ReadReplicas, double ReplicaReads);

/// <summary>Celery workers fed through RabbitMQ.</summary>
/// <param name="BrokerLatency">Publish-to-deliver latency, seconds.</param>
/// <param name="Concurrency">Tasks executed at once, ≥ 1.</param>
/// <param name="Cores">Cores of the Celery host, ≥ 1.</param>
/// <param name="Steps">What a task does (CPU, DB queries, external calls).</param>
public sealed record TaskQueueSpec(Distribution BrokerLatency, int Concurrency, int Cores, IReadOnlyList<Step> Steps);

/// <summary>Clients' network.</summary>
/// <param name="ClientBandwidth">Download bandwidth of one client, bits per second.</param>
/// <param name="RoundTrip">Client round-trip time, seconds (added once per request: request up, first byte down).</param>
public sealed record NetworkSpec(Distribution ClientBandwidth, double RoundTrip);

/// <summary>Long-lived WebSocket connections held at the proxy (dashboard).</summary>
/// <param name="Connections">Open connections, ≥ 0; each counts against <see cref="ProxySpec.MaxConnections"/>.</param>
/// <param name="MemoryPerConnection">Memory per connection, bytes.</param>
public sealed record WebSocketSpec(int Connections, double MemoryPerConnection);

/// <summary>A service-level objective: p95 latency and error rate limits.</summary>
/// <param name="LatencyQuantile">Quantile in (0, 1), e.g. 0.95.</param>
/// <param name="LatencyLimit">Maximum latency at that quantile, seconds.</param>
/// <param name="MaxErrorRate">Maximum fraction of requests that fail, in [0, 1].</param>
public sealed record SloSpec(double LatencyQuantile, double LatencyLimit, double MaxErrorRate);
