namespace Sim.Stack;

/// <summary>Mean time a successful request spent in one category, split into service (work) and queueing (waiting or slowdown), seconds per request.</summary>
/// <param name="Category">Where the time went.</param>
/// <param name="TotalSeconds">Mean elapsed time per completed request, seconds.</param>
/// <param name="ServiceSeconds">The part that is work (CPU, query time, operation times), seconds.</param>
/// <param name="QueueingSeconds">The part spent waiting or slowed by sharing, seconds.</param>
public sealed record StackBreakdown(BreakdownCategory Category, double TotalSeconds, double ServiceSeconds, double QueueingSeconds);
