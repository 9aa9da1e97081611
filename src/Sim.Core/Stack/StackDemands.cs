namespace Sim.Stack;

/// <summary>
/// What one request of a <see cref="Scenarios.StackScenario"/> asks of each station, on average over
/// its classes, as derived by <see cref="StackAnalytic.Demands"/>. Times in seconds of work or delay
/// with no contention (CPU and queries at full speed). Immutable.
/// </summary>
/// <param name="WorkerVisitRatio">Fraction of requests that take a gunicorn worker (not static, not a micro-cache hit), in [0, 1].</param>
/// <param name="WorkerHoldSeconds">Mean time a worker is held per visit, seconds, with CPU and queries at full speed (app CPU, cache operations, connect, queries, external calls, and the download when buffering is off).</param>
/// <param name="WorkerHoldScv">Squared coefficient of variation of that hold time (0 = constant, 1 = exponential-like).</param>
/// <param name="CpuSecondsPerRequest">Web-host CPU demand per request, seconds (app code, TLS handshakes, gzip, DB connect CPU).</param>
/// <param name="DbSecondsPerRequest">Primary database CPU demand per request, seconds (queries on the primary, connection forks, Celery tasks' queries).</param>
/// <param name="ReplicaDbSecondsPerRequest">Read-replica demand per request, seconds, all replicas together.</param>
/// <param name="DelaySecondsPerRequest">Mean pure delay per request outside the worker, seconds (network round trip, load balancer, handshakes, upstream connect, nginx service, download after the worker is released), CPU outside the worker at full speed included.</param>
/// <param name="CacheHitRatio">Hit ratio used for cache GETs, in [0, 1] (the fixed ratio, or Che's LRU approximation for a key-space model).</param>
public sealed record StackDemands(
    double WorkerVisitRatio,
    double WorkerHoldSeconds,
    double WorkerHoldScv,
    double CpuSecondsPerRequest,
    double DbSecondsPerRequest,
    double ReplicaDbSecondsPerRequest,
    double DelaySecondsPerRequest,
    double CacheHitRatio);
