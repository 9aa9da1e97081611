using Sim.Statistics;

namespace Sim.Stack;

/// <summary>
/// What one replication of the stack measured over its observation window. Times in seconds,
/// sizes in bytes, rates per second; latency statistics cover successful requests, measured from
/// the intended start (no coordinated omission). Documented in docs/results.md.
/// </summary>
public sealed record StackReplicationResult
{
    /// <summary>Replication index.</summary>
    public required int Replication { get; init; }

    /// <summary>Length of the observation window, seconds.</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>
    /// Simulated seconds run after the window to let the requests that arrived in it finish (the drain), ≥ 0; their
    /// latencies, errors and per-request counts are recorded, nothing else is.
    /// </summary>
    public double DrainSeconds { get; init; }

    /// <summary>Requests that arrived in the window.</summary>
    public required long Arrivals { get; init; }

    /// <summary>Requests that arrived in the window and succeeded.</summary>
    public required long Completed { get; init; }

    /// <summary>Requests that arrived in the window and failed.</summary>
    public required long Failed { get; init; }

    /// <summary>
    /// Requests that arrived in the window and had still not left when the drain after it ended (censored; 0 when the
    /// drain ran to its end): Arrivals = Completed + Failed + InFlightAtEnd. Their latencies are missing from the
    /// percentiles, which are then lower bounds.
    /// </summary>
    public required long InFlightAtEnd { get; init; }

    /// <summary>Errors by <see cref="ErrorKind"/> (index = the enum's value); cache-connection errors do not fail requests.</summary>
    public required IReadOnlyList<long> ErrorsByKind { get; init; }

    /// <summary>Requests that finished successfully in the window, per second, whenever they arrived (what a load test measures; in an overload, the rate the stack serves).</summary>
    public required double ThroughputPerSecond { get; init; }

    /// <summary>Failed / (failed + succeeded), in [0, 1].</summary>
    public required double ErrorRate { get; init; }

    /// <summary>Latencies of successful requests (mergeable across replications).</summary>
    public required IReadOnlyLatencyHistogram LatencyHistogram { get; init; }

    /// <summary>Mean latency, seconds (exact, not from the histogram).</summary>
    public required double LatencyMeanSeconds { get; init; }

    /// <summary>Median latency, seconds.</summary>
    public required double LatencyP50Seconds { get; init; }

    /// <summary>90th percentile, seconds.</summary>
    public required double LatencyP90Seconds { get; init; }

    /// <summary>95th percentile, seconds.</summary>
    public required double LatencyP95Seconds { get; init; }

    /// <summary>99th percentile, seconds.</summary>
    public required double LatencyP99Seconds { get; init; }

    /// <summary>99.9th percentile, seconds.</summary>
    public required double LatencyP999Seconds { get; init; }

    /// <summary>Largest latency, seconds.</summary>
    public required double LatencyMaxSeconds { get; init; }

    /// <summary>Per request class.</summary>
    public required IReadOnlyList<StackClassResult> Classes { get; init; }

    /// <summary>Per population of <c>load.populations</c>, in the scenario's order; empty when the scenario has none (one open or closed load).</summary>
    public IReadOnlyList<StackPopulationResult> Populations { get; init; } = [];

    /// <summary>Where a successful request's time goes, per category.</summary>
    public required IReadOnlyList<StackBreakdown> Breakdown { get; init; }

    /// <summary>Mean fraction of time a worker is busy (all workers of all servers), in [0, 1].</summary>
    public required double WorkerUtilization { get; init; }

    /// <summary>Each worker's busy fraction, server by server.</summary>
    public required IReadOnlyList<double> PerWorkerUtilization { get; init; }

    /// <summary>Time-average requests waiting in the listen backlogs (all servers).</summary>
    public required double QueueLengthMean { get; init; }

    /// <summary>Longest backlog seen on one server in the window.</summary>
    public required int QueueLengthMax { get; init; }

    /// <summary>Time-average requests in the system (L of Little's law).</summary>
    public required double InSystemMean { get; init; }

    /// <summary>(L − λW) / max(L, λW), signed, in [−1, 1]: L the time average over the window, λ and W over the requests that arrived in it (followed through the drain, successes and failures): a check the simulation reports, not assumes.</summary>
    public required double LittleLawRelativeError { get; init; }

    /// <summary>Time-average database connections open.</summary>
    public required double DbConnectionsOpenMean { get; init; }

    /// <summary>Most database connections open at once.</summary>
    public required int DbConnectionsOpenMax { get; init; }

    /// <summary>New database connections opened per second (requests that opened one; a request counts once).</summary>
    public required double DbConnectionsCreatedPerSecond { get; init; }

    /// <summary>Share of requests that used the database and were served by an existing connection (persistent or pooled), percent.</summary>
    public required double DbConnectionReusePercent { get; init; }

    /// <summary>Primary database's core utilization, in [0, 1].</summary>
    public required double DbCpuUtilization { get; init; }

    /// <summary>Cache hits / (hits + misses), in [0, 1].</summary>
    public required double CacheHitRatio { get; init; }

    /// <summary>Cache GETs decided (hits + misses).</summary>
    public required long CacheOperations { get; init; }

    /// <summary>Key-space model: memory used at the end of the window, bytes; NaN with a fixed hit ratio.</summary>
    public required double CacheMemoryBytes { get; init; }

    /// <summary>Key-space model: keys evicted per second in the window; NaN with a fixed hit ratio.</summary>
    public required double CacheEvictionsPerSecond { get; init; }

    /// <summary>Key-space model: keys resident at the end of the window; 0 with a fixed hit ratio.</summary>
    public required int CacheKeysResident { get; init; }

    /// <summary>
    /// Redis: the busiest node's CPU busy fraction, in [0, 1] (each node is a single-threaded server); NaN when commands
    /// cost no CPU (<c>cache.serviceTime</c> 0: Redis is a pure delay) or the cache is disabled.
    /// </summary>
    public double CacheUtilization { get; init; } = double.NaN;

    /// <summary>Redis commands (GETs and SETs) finished in the window, per second, all nodes.</summary>
    public double CacheCommandsPerSecond { get; init; }

    /// <summary>Mean wait of a Redis command in its node's queue before it is executed, seconds (the window's requests); NaN without the server model or without commands.</summary>
    public double CacheCommandWaitSeconds { get; init; } = double.NaN;

    /// <summary>Mean wait of a cache operation for a client connection from the pool (<c>cache.maxConnections</c>), seconds (the window's requests, operations that got one); NaN when there were none.</summary>
    public double CacheConnectionWaitSeconds { get; init; } = double.NaN;

    /// <summary>Each Redis node's utilization, commands per second, hit ratio and command wait, node by node (<c>cache.nodes</c> entries).</summary>
    public IReadOnlyList<CacheNodeResult> CacheNodes { get; init; } = [];

    /// <summary>Web hosts' mean core utilization, in [0, 1].</summary>
    public required double CpuUtilization { get; init; }

    /// <summary>Estimated memory of the web tier (base + workers + WebSockets), bytes.</summary>
    public required double MemoryBytes { get; init; }

    /// <summary>
    /// The most memory one web server's host had in use at once in the window (the largest over servers), bytes: base
    /// memory, each worker's base and grown memory, the memory of the requests in service and the server's share of
    /// WebSocket connections (docs/components/memory.md).
    /// </summary>
    public double HostMemoryPeakBytes { get; init; } = double.NaN;

    /// <summary>
    /// The mean factor that CPU demand curves (<c>cpuAtLoad</c> steps) applied to the CPU steps started in the window, in
    /// (0, 10]; NaN when no step with a curve started (docs/components/cpu.md).
    /// </summary>
    public double CpuDemandFactorMean { get; init; } = double.NaN;

    /// <summary>Workers killed by the OOM killer (<c>host.memoryLimit</c>) per second of the window, all servers; NaN without a memory limit.</summary>
    public double OomKillsPerSecond { get; init; } = double.NaN;

    /// <summary>Workers recycled after <c>workers.maxRequests</c> per second of the window, all servers; NaN when workers are never recycled.</summary>
    public double WorkerRecyclesPerSecond { get; init; } = double.NaN;

    /// <summary>Swap in use on one web host (<c>host.swap</c>): memory in use past <c>host.memoryLimit</c>, bytes, time average over the window, mean over servers; NaN without swap.</summary>
    public double SwapInUseMeanBytes { get; init; } = double.NaN;

    /// <summary>The most swap one web host had in use at once in the window, bytes (the largest over servers); NaN without swap.</summary>
    public double SwapInUsePeakBytes { get; init; } = double.NaN;

    /// <summary>The fraction of the window a web host was swapping (memory in use past its limit), in [0, 1], mean over servers; NaN without swap.</summary>
    public double SwappingFraction { get; init; } = double.NaN;

    /// <summary>
    /// The swap slowdown of the web hosts' CPU work submitted in the window, weighted by work (Σ slowed ÷ Σ unslowed CPU
    /// seconds), ≥ 1; 1 when nothing was swapped; NaN without swap or without CPU work (docs/components/memory.md).
    /// </summary>
    public double SwapSlowdownMean { get; init; } = double.NaN;

    /// <summary>Estimated memory of the database's connections, bytes.</summary>
    public required double DbMemoryBytes { get; init; }

    /// <summary>Response bytes sent to clients per second × 8.</summary>
    public required double BandwidthBitsPerSecond { get; init; }

    /// <summary>Servers' network links (<c>host.link</c>): bytes sent / (capacity × window), mean over servers, in [0, 1]; NaN without a link limit.</summary>
    public double LinkUtilization { get; init; } = double.NaN;

    /// <summary>The busiest server's link utilization, in [0, 1]; NaN without a link limit.</summary>
    public double LinkUtilizationMax { get; init; } = double.NaN;

    /// <summary>
    /// Attempts per request (retry amplification, <c>clients.retries</c>): attempts sent / requests, over the window's
    /// requests that have their final outcome, ≥ 1; 1 without retries; NaN when none finished.
    /// </summary>
    public double AttemptsPerRequest { get; init; } = double.NaN;

    /// <summary>Attempts sent in the window per second, first attempts and retries: the load the clients really offer, ≥ 0.</summary>
    public double AttemptsPerSecond { get; init; }

    /// <summary>Retries sent in the window per second, ≥ 0; 0 without <c>clients.retries</c>.</summary>
    public double RetriesPerSecond { get; init; }

    /// <summary>Attempts whose client gave up waiting (<c>clients.timeout</c>) in the window, per second, retried or not, ≥ 0.</summary>
    public double ClientTimeoutsPerSecond { get; init; }

    /// <summary>Attempts that left the listen backlog before service (<c>clients.patience</c>) in the window, per second, ≥ 0.</summary>
    public double AbandonedPerSecond { get; init; }

    /// <summary>Abandoned attempts / attempts sent, over the window's requests, in [0, 1]: with exponential patience and no retries, Erlang A's probability of abandonment.</summary>
    public double AbandonmentRatio { get; init; }

    /// <summary>
    /// Wasted work: the share of the workers' busy time in the window spent on attempts whose client had already gone
    /// (client timeout), in [0, 1]: server-seconds spent on responses nobody waited for; 0 when the workers did no work.
    /// </summary>
    public double WastedWorkFraction { get; init; }

    /// <summary>Each server's link utilization, server by server; empty without a link limit.</summary>
    public IReadOnlyList<double> PerServerLinkUtilization { get; init; } = [];

    /// <summary>Background tasks completed per second.</summary>
    public required double TasksPerSecond { get; init; }

    /// <summary>Celery tasks published per second in the window; NaN without a task queue.</summary>
    public double TasksPublishedPerSecond { get; init; } = double.NaN;

    /// <summary>Time-average Celery tasks waiting in the broker for a worker (delivered, not yet taken); NaN without a task queue.</summary>
    public double TaskQueueLengthMean { get; init; } = double.NaN;

    /// <summary>Most Celery tasks waiting for a worker at once in the window; NaN without a task queue.</summary>
    public double TaskQueueLengthMax { get; init; } = double.NaN;

    /// <summary>Celery tasks waiting for a worker at the window's end; NaN without a task queue.</summary>
    public double TaskQueueLengthAtEnd { get; init; } = double.NaN;

    /// <summary>Mean wait of a Celery task from its delivery by the broker until a worker takes it, seconds, over the tasks taken in the window; NaN when none.</summary>
    public double TaskWaitMeanSeconds { get; init; } = double.NaN;

    /// <summary>95th percentile of that wait, seconds (log-bucket histogram); NaN when none.</summary>
    public double TaskWaitP95Seconds { get; init; } = double.NaN;

    /// <summary>Mean Celery task latency from publish to done, seconds, over the tasks finished in the window; NaN when none.</summary>
    public double TaskLatencyMeanSeconds { get; init; } = double.NaN;

    /// <summary>Median task latency, seconds; NaN when none.</summary>
    public double TaskLatencyP50Seconds { get; init; } = double.NaN;

    /// <summary>95th percentile task latency, seconds; NaN when none.</summary>
    public double TaskLatencyP95Seconds { get; init; } = double.NaN;

    /// <summary>99th percentile task latency, seconds; NaN when none.</summary>
    public double TaskLatencyP99Seconds { get; init; } = double.NaN;

    /// <summary>(Tasks published − tasks done) in the window per second: how fast the Celery backlog grew; NaN without a task queue.</summary>
    public double TaskBacklogGrowthPerSecond { get; init; } = double.NaN;

    /// <summary>
    /// True when the Celery backlog grows over the window: the batch means of the tasks in Celery rise faster than 1 % of
    /// the publish rate with 99.9 % one-sided confidence (docs/components/celery.md). Such a run is <see cref="Unstable"/>.
    /// </summary>
    public bool TaskQueueUnstable { get; init; }

    /// <summary>
    /// The first web host's cores used by the application (CPU steps, Django's side of DB connects) over the window:
    /// CPU-seconds / (cores × window), in [0, 1]. The <c>WebHostCpu*</c> figures add up to the host's utilization in a
    /// stable run (docs/components/hosts.md).
    /// </summary>
    public double WebHostCpuApp { get; init; }

    /// <summary>The first web host's cores used by nginx's gzip, fraction of its cores over the window.</summary>
    public double WebHostCpuGzip { get; init; }

    /// <summary>The first web host's cores used by nginx itself (handshakes, <c>proxy.cpu</c>), fraction of its cores over the window.</summary>
    public double WebHostCpuProxy { get; init; }

    /// <summary>The first web host's cores used by the primary database placed on it (<c>placement.database = web</c>), fraction of its cores over the window; 0 otherwise.</summary>
    public double WebHostCpuDatabase { get; init; }

    /// <summary>The first web host's cores used by Redis placed on it (<c>placement.cache = web</c>), fraction of its cores over the window; 0 otherwise.</summary>
    public double WebHostCpuCache { get; init; }

    /// <summary>The first web host's cores used by Celery placed on it (<c>placement.taskQueue = web</c>), fraction of its cores over the window; 0 otherwise.</summary>
    public double WebHostCpuTaskQueue { get; init; }

    /// <summary>The first web host's cores used by a load generator placed on it (<c>placement.loadGenerator = web</c>), fraction of its cores over the window; 0 otherwise.</summary>
    public double WebHostCpuGenerator { get; init; }

    /// <summary>The first web host's cores used by workers resuming after replies (<c>host.wakeupCpu</c>), fraction of its cores over the window.</summary>
    public double WebHostCpuWakeup { get; init; }

    /// <summary>PostgreSQL's postmaster busy fraction over the window, in [0, 1]; NaN without <c>database.postmasterCpu</c>.</summary>
    public double PostmasterUtilization { get; init; } = double.NaN;

    /// <summary>Mean wait of the cohort's connection setups for the postmaster, seconds; NaN without <c>database.postmasterCpu</c> or setups.</summary>
    public double PostmasterWaitSeconds { get; init; } = double.NaN;

    /// <summary>nginx workers' mean busy fraction over the window (all servers), in [0, 1]; NaN without <c>proxy.workers</c> and <c>proxy.cpu</c>.</summary>
    public double NginxWorkerUtilization { get; init; } = double.NaN;

    /// <summary>Mean wait of the cohort's requests for their nginx worker, seconds; NaN without the nginx worker model.</summary>
    public double NginxWorkerWaitSeconds { get; init; } = double.NaN;

    /// <summary>True when the in-flight cap (<c>run.maxInFlight</c>) stopped the run; then <see cref="Unstable"/> is true too.</summary>
    public bool InFlightCapReached { get; init; }

    /// <summary>
    /// True when the in-flight cap stopped the run (the load exceeds what the stack serves), or when the Celery backlog
    /// grows over the window (<see cref="TaskQueueUnstable"/>); <see cref="Diagnosis"/> names which.
    /// </summary>
    public required bool Unstable { get; init; }

    /// <summary>The busiest station: "gunicorn workers", "web CPU", "database CPU", "Redis CPU" (its busiest node), with <c>host.link</c> "server link", with <c>database.postmasterCpu</c> "postmaster", with <c>proxy.workers</c> "nginx workers".</summary>
    public required string Bottleneck { get; init; }

    /// <summary>The bottleneck's utilization, in [0, 1].</summary>
    public required double BottleneckUtilization { get; init; }

    /// <summary>Requests per second the bottleneck would pass at 100 % busy, with the same work per request (X / U); the stack's approximate capacity. NaN when no station did any work (no requests arrived, or an overload stopped the run first).</summary>
    public required double BottleneckCapacityPerSecond { get; init; }

    /// <summary>Open load: the offered arrival rate, per second — for a rate profile its time average over the window (it used to be reported as 0 by the CLI, and as the peak here); NaN for a closed load.</summary>
    public required double OfferedRatePerSecond { get; init; }

    /// <summary>
    /// A one-line diagnosis when <see cref="Unstable"/>: the offered load and the bottleneck's capacity,
    /// e.g. "unstable: 150 req/s offered, gunicorn workers saturate at ~118 req/s", or the component whose backlog grows,
    /// "unstable: taskQueue backlog grows 18 tasks/s (71 published/s, 53 done/s)"; empty otherwise.
    /// </summary>
    public string Diagnosis => !Unstable ? ""
        : !TaskQueueUnstable ? WebDiagnosis
        : InFlightCapReached ? WebDiagnosis + "; " + TaskDiagnosis["unstable: ".Length..]
        : TaskDiagnosis;

    private string TaskDiagnosis => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"unstable: taskQueue backlog grows {TaskBacklogGrowthPerSecond:G3} tasks/s ({TasksPublishedPerSecond:G3} published/s, {TasksPerSecond:G3} done/s)");

    // The in-flight cap's diagnosis.
    private string WebDiagnosis => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"unstable: {(double.IsNaN(OfferedRatePerSecond) ? "more requests in flight than run.maxInFlight" : $"{OfferedRatePerSecond:G4} req/s offered")}")
          + (double.IsNaN(BottleneckCapacityPerSecond)
              ? "; the run stopped before any station finished work"
              : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {Bottleneck} saturate at ~{BottleneckCapacityPerSecond:G3} req/s"));

    /// <summary>The warm-up discarded before the window, seconds (given, or detected by MSER-5).</summary>
    public double WarmupSeconds { get; init; }

    /// <summary>False when automatic detection found the system still trending at the end of its search range: the window may still contain the transient.</summary>
    public bool WarmupSettled { get; init; } = true;

    /// <summary>Sampled state over the whole run (warm-up included).</summary>
    public required StackTimeSeries TimeSeries { get; init; }
}
