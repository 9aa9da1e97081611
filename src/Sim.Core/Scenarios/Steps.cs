using Sim.Distributions;

namespace Sim.Scenarios;

/// <summary>
/// One step of a request class (or of a background task): the small closed vocabulary the stack
/// model interprets. A request runs its steps in order while it holds a worker.
/// </summary>
public abstract record Step;

/// <summary>Application CPU work on the host's cores (processor sharing with all other CPU work). JSON: <c>{"cpu": "20ms"}</c> or a distribution.</summary>
/// <param name="Work">CPU time needed at one full core, seconds.</param>
public sealed record CpuStep(Distribution Work) : Step;

/// <summary>
/// A cache read (Redis GET). On a hit the next <paramref name="Guards"/> steps are skipped (the work
/// the cached value replaces); on a miss they run. JSON: <c>{"cacheGet": {"guards": 2}}</c>.
/// </summary>
/// <param name="Guards">Number of following steps skipped on a hit, ≥ 0.</param>
public sealed record CacheGetStep(int Guards) : Step;

/// <summary>A cache write (Redis SET), e.g. after a miss. JSON: <c>{"cacheSet": {}}</c>.</summary>
public sealed record CacheSetStep : Step;

/// <summary>
/// Database queries run one after another on the request's DB connection (opened per the
/// <see cref="DbConnectionsSpec"/> policy). An N+1 pattern shows up as a large count.
/// JSON: <c>{"db": {"queries": 8, "time": {"lognormal": {"median": "3ms", "p95": "20ms"}}, "write": false}}</c>.
/// </summary>
/// <param name="Queries">Number of queries, ≥ 1.</param>
/// <param name="QueryTime">Time of one query on a database core, seconds.</param>
/// <param name="Write">True for writes (always on the primary); reads may go to replicas.</param>
public sealed record DbStep(int Queries, Distribution QueryTime, bool Write) : Step;

/// <summary>A call to an external service: a pure delay that holds the worker. JSON: <c>{"external": "80ms"}</c> or a distribution.</summary>
/// <param name="Latency">Delay, seconds.</param>
public sealed record ExternalCallStep(Distribution Latency) : Step;

/// <summary>Publishes a background task (Celery via the broker) with the given probability. JSON: <c>{"enqueue": {"probability": 0.1}}</c>.</summary>
/// <param name="Probability">Chance that a request publishes a task, in [0, 1].</param>
public sealed record EnqueueStep(double Probability) : Step;

/// <summary>Produces the response body (before compression). JSON: <c>{"respond": {"size": "500KB"}}</c> or a distribution of bytes.</summary>
/// <param name="Size">Uncompressed body size, bytes.</param>
public sealed record RespondStep(Distribution Size) : Step;
