using Sim.Validation;

namespace Sim.Scenarios;

/// <summary>
/// A fully resolved scenario: one configuration of the stack, its load and run control. Phases
/// are resolved by the loader into one <see cref="StackScenario"/> each.
/// </summary>
/// <remarks>
/// A scenario built in code is checked as a JSON file is: <see cref="Validate"/> lists every problem, and the entry
/// points that run a scenario (<c>new StackModel(…)</c>, <c>StackExperiment</c>, <c>CapacitySearch</c>,
/// <c>ScalingStudy</c>, <c>Sweep</c>, <c>StackAnalytic</c>) throw <see cref="ScenarioValidationException"/> with that
/// list before simulating anything. Immutable; thread safe.
/// </remarks>
public sealed record StackScenario
{
    /// <summary>Scenario name, free text. JSON <c>name</c>; default empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>Free text. JSON <c>description</c>; default empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>Run control. JSON <c>run</c>; default every run field's default.</summary>
    public RunSettings Run { get; init; } = new();

    /// <summary>Open or closed load (exactly one). JSON <c>load</c>; required.</summary>
    public required LoadSpec Load { get; init; }

    /// <summary>Servers and policy. JSON <c>loadBalancer</c>; default one server, round robin.</summary>
    public LoadBalancerSpec LoadBalancer { get; init; } = new();

    /// <summary>nginx. JSON <c>proxy</c>; default every proxy field's default.</summary>
    public ProxySpec Proxy { get; init; } = new();

    /// <summary>gunicorn. JSON <c>workers</c>; default every worker field's default.</summary>
    public WorkerPoolSpec Workers { get; init; } = new();

    /// <summary>Each web server's host. JSON <c>host</c>; default every host field's default.</summary>
    public HostSpec Host { get; init; } = new();

    /// <summary>Redis. JSON <c>cache</c>; default every cache field's default.</summary>
    public CacheSpec Cache { get; init; } = new();

    /// <summary>Connection handling. JSON <c>dbConnections</c>; default connect per request.</summary>
    public DbConnectionsSpec DbConnections { get; init; } = new();

    /// <summary>PostgreSQL. JSON <c>database</c>; default every database field's default.</summary>
    public DatabaseSpec Database { get; init; } = new();

    /// <summary>Celery, or null for none. JSON <c>taskQueue</c>; default null.</summary>
    public TaskQueueSpec? TaskQueue { get; init; }

    /// <summary>Which components share the web host's cores. JSON <c>placement</c>; default every component on its own host.</summary>
    public PlacementSpec Placement { get; init; } = new();

    /// <summary>Client network. JSON <c>network</c>; default every network field's default.</summary>
    public NetworkSpec Network { get; init; } = new();

    /// <summary>Long-lived connections. JSON <c>webSockets</c>; default none.</summary>
    public WebSocketSpec WebSockets { get; init; } = new();

    /// <summary>Client behaviour: timeouts, abandonment, retries. JSON <c>clients</c>; default none of them.</summary>
    public ClientsSpec Clients { get; init; } = new();

    /// <summary>Request classes (at least one, unique names). JSON <c>classes</c>; required.</summary>
    public required IReadOnlyList<RequestClass> Classes { get; init; }

    /// <summary>Service-level objective. JSON <c>slo</c>; default p95 ≤ 500 ms and errors ≤ 0.1 %.</summary>
    public SloSpec Slo { get; init; } = new();

    /// <summary>
    /// Checks every field and returns every problem at once: ranges (e.g. <c>workers.count</c> in [1, 1000]), exactly
    /// one of open and closed load, at least one request class, unique class names, weights &gt; 0 and finite with a
    /// finite sum, steps in a valid order (<c>respond</c> last, <c>cacheGet.guards</c> within the steps after it, no
    /// <c>respond</c> or <c>enqueue</c> in a task), distributions with a mean within its bound (10⁷ s, 1 TB) and a finite
    /// variance, a bandwidth that never draws 0 and carries the largest response in finite time, null parts,
    /// and at most <see cref="RunSettings.MaxRequests"/> requests in a run. The same checks, with the same messages, that
    /// <see cref="ScenarioLoader"/> applies to a JSON file: each error names the JSON path of the field (<c>$.classes[0].weight</c>), the value as JSON would write it (<c>0</c>, <c>"5ms"</c>) and what is allowed.
    /// </summary>
    /// <returns>The problems, in field order; empty when the scenario is valid.</returns>
    public IReadOnlyList<ValidationError> Validate() => ScenarioValidator.Validate(this);
}
