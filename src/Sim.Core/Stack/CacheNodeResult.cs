namespace Sim.Stack;

/// <summary>
/// One Redis node's figures over a replication's window (<see cref="StackReplicationResult.CacheNodes"/>). Immutable.
/// </summary>
/// <param name="Utilization">Busy fraction of the node's single core, in [0, 1]; NaN when commands cost no CPU (<c>cache.serviceTime</c> 0: Redis is a pure delay).</param>
/// <param name="CommandsPerSecond">Commands (GETs and SETs) the node finished in the window, per second.</param>
/// <param name="HitRatio">Hits / GETs among the GETs the node answered for the window's requests, in [0, 1]; NaN when it answered none.</param>
/// <param name="CommandWaitSeconds">Mean wait of a command in the node's queue before it is executed, seconds; NaN without the server model or without commands.</param>
public sealed record CacheNodeResult(double Utilization, double CommandsPerSecond, double HitRatio, double CommandWaitSeconds);
