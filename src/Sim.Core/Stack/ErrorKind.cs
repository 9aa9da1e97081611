namespace Sim.Stack;

/// <summary>Why a request failed (or, for <see cref="CacheConnections"/>, why a cache operation was skipped).</summary>
public enum ErrorKind
{
    /// <summary>nginx had no free connection (worker_connections reached): the request was refused.</summary>
    ProxyConnections,

    /// <summary>The listen backlog was full: 503.</summary>
    BacklogFull,

    /// <summary>The request held a worker longer than the timeout: 504, and the worker was restarted.</summary>
    Timeout,

    /// <summary>Opening a database connection would exceed max_connections.</summary>
    DbMaxConnections,

    /// <summary>No pooled database connection became free within the pool's wait timeout.</summary>
    DbPoolTimeout,

    /// <summary>Every cache connection was busy and the policy is to fail: the operation was treated as a miss (the request goes on).</summary>
    CacheConnections,

    /// <summary>The host ran out of memory (<c>host.memoryLimit</c>): the kernel's OOM killer killed the worker serving the request, which then restarted.</summary>
    OutOfMemory,

    /// <summary>The client gave up waiting for the response (<c>clients.timeout</c>); the server went on with the request.</summary>
    ClientTimeout,

    /// <summary>The client left the listen backlog before a worker took the request (<c>clients.patience</c>).</summary>
    Abandoned,
}
