using Sim.Distributions;

namespace Sim.Scenarios;

/// <summary>
/// One step of a request class (or of a background task): the small closed vocabulary the stack
/// model interprets. A request runs its steps in order while it holds a worker. Immutable; thread safe.
/// </summary>
public abstract record Step;

/// <summary>Application CPU work on the host's cores (processor sharing with all other CPU work). JSON: <c>{"cpu": "20ms"}</c> or a distribution.</summary>
public sealed record CpuStep : Step
{
    /// <summary>CPU time needed at one full core, a distribution of seconds (mean ≤ 10⁷ s); required.</summary>
    public required Distribution WorkSeconds { get; init; }

    /// <summary>
    /// Optional demand curve: the drawn work is multiplied by a factor interpolated piecewise-linearly (constant outside the
    /// points) in the busy fraction of the host's cores when the step starts (docs/components/cpu.md). Null (default): no
    /// factor, the plain <c>cpu</c> step. JSON: <c>{"cpuAtLoad": {"work": …, "curve": [{"busy": 0, "factor": 1}, …]}}</c>.
    /// </summary>
    public IReadOnlyList<DemandPoint>? Curve { get; init; }
}

/// <summary>
/// A cache read (Redis GET). On a hit the next <see cref="Guards"/> steps are skipped (the work
/// the cached value replaces); on a miss they run. JSON: <c>{"cacheGet": {"guards": 2}}</c>.
/// </summary>
public sealed record CacheGetStep : Step
{
    /// <summary>Number of following steps skipped on a hit, ≥ 0 and at most the steps left. JSON <c>cacheGet.guards</c>; default 0.</summary>
    public int Guards { get; init; } = ScenarioDefaults.Of<int>("classes[].steps[].cacheGet.guards");
}

/// <summary>A cache write (Redis SET), e.g. after a miss. JSON: <c>{"cacheSet": {}}</c>.</summary>
public sealed record CacheSetStep : Step;

/// <summary>
/// Database queries run one after another on the request's DB connection (opened per the
/// <see cref="DbConnectionsSpec"/> policy). An N+1 pattern shows up as a large count.
/// JSON: <c>{"db": {"queries": 8, "time": {"lognormal": {"median": "3ms", "p95": "20ms"}}, "write": false}}</c>.
/// </summary>
public sealed record DbStep : Step
{
    /// <summary>Number of queries, ≥ 1. JSON <c>db.queries</c>; default 1.</summary>
    public int Queries { get; init; } = ScenarioDefaults.Of<int>("classes[].steps[].db.queries");

    /// <summary>Time of one query on a database core, a distribution of seconds (mean ≤ 10⁷ s). JSON <c>db.time</c>; required.</summary>
    public required Distribution QueryTimeSeconds { get; init; }

    /// <summary>True for writes (always on the primary); reads may go to replicas. JSON <c>db.write</c>; default false.</summary>
    public bool Write { get; init; } = ScenarioDefaults.Of<bool>("classes[].steps[].db.write");
}

/// <summary>A call to an external service: a pure delay that holds the worker. JSON: <c>{"external": "80ms"}</c> or a distribution.</summary>
public sealed record ExternalCallStep : Step
{
    /// <summary>Delay, a distribution of seconds (mean ≤ 10⁷ s); required.</summary>
    public required Distribution LatencySeconds { get; init; }
}

/// <summary>Publishes a background task (Celery via the broker) with the given probability. JSON: <c>{"enqueue": {"probability": 0.1}}</c>.</summary>
public sealed record EnqueueStep : Step
{
    /// <summary>Chance that a request publishes a task, in [0, 1]. JSON <c>enqueue.probability</c>; default 1.</summary>
    public double Probability { get; init; } = ScenarioDefaults.Of<double>("classes[].steps[].enqueue.probability");
}

/// <summary>Produces the response body (before compression). JSON: <c>{"respond": {"size": "500KB"}}</c> or a distribution of bytes.</summary>
public sealed record RespondStep : Step
{
    /// <summary>Uncompressed body size, a distribution of bytes (mean ≤ 10¹²). JSON <c>respond.size</c>; required.</summary>
    public required Distribution SizeBytes { get; init; }
}
