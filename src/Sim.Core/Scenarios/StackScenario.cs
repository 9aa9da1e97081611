namespace Sim.Scenarios;

/// <summary>
/// A fully resolved scenario: one configuration of the stack, its load and run control. Phases
/// are resolved by the loader into one <see cref="StackScenario"/> each.
/// </summary>
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
    SloSpec Slo);
