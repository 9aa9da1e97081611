namespace Sim.Stack;

/// <summary>Where a request's time goes: the latency breakdown per station.</summary>
public enum BreakdownCategory
{
    /// <summary>Client round trip, load balancer, handshakes, upstream connect.</summary>
    Network,

    /// <summary>Waiting in the listen backlog for a free worker.</summary>
    WorkerQueue,

    /// <summary>Application, TLS and gzip CPU on the web host (processor sharing: service = CPU work, queueing = slowdown from sharing cores).</summary>
    Cpu,

    /// <summary>Redis: waiting for a connection, and the operation.</summary>
    Cache,

    /// <summary>Opening a database connection, or waiting for one from the pool.</summary>
    DbConnect,

    /// <summary>Queries on the database (service = query work, queueing = slowdown from sharing its cores).</summary>
    DbQuery,

    /// <summary>Calls to external services.</summary>
    External,

    /// <summary>Sending the response body to the client.</summary>
    Transfer,

    /// <summary>nginx serving from its cache or disk.</summary>
    Proxy,
}
