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
/// <param name="Name">Scenario name.</param>
/// <param name="Description">Free text.</param>
/// <param name="Run">Run control.</param>
/// <param name="Load">Open or closed load.</param>
/// <param name="LoadBalancer">Servers and policy.</param>
/// <param name="Proxy">nginx.</param>
/// <param name="Workers">gunicorn.</param>
/// <param name="Host">Each web server's host.</param>
/// <param name="Cache">Redis.</param>
/// <param name="DbConnections">Connection handling.</param>
/// <param name="Database">PostgreSQL.</param>
/// <param name="TaskQueue">Celery, or null.</param>
/// <param name="Network">Client network.</param>
/// <param name="WebSockets">Long-lived connections.</param>
/// <param name="Classes">Request classes (at least one).</param>
/// <param name="Slo">Service-level objective.</param>
public sealed record StackScenario(
    string Name,
    string Description,
    RunSettings Run,
    LoadSpec Load,
    LoadBalancerSpec LoadBalancer,
    ProxySpec Proxy,
    WorkerPoolSpec Workers,
    HostSpec Host,
    CacheSpec Cache,
    DbConnectionsSpec DbConnections,
    DatabaseSpec Database,
    TaskQueueSpec? TaskQueue,
    NetworkSpec Network,
    WebSocketSpec WebSockets,
    IReadOnlyList<RequestClass> Classes,
    SloSpec Slo)
{
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
