namespace Sim.Scenarios;

/// <summary>A kind of request (e.g. <c>page</c>, <c>api</c>, <c>static</c>), chosen per request with probability proportional to its weight.</summary>
/// <param name="Name">Unique name; ASCII letters, digits, '-' and '_'.</param>
/// <param name="Weight">Relative frequency, &gt; 0.</param>
/// <param name="Steps">What the request does while it holds a worker, in order; ends with at most one <see cref="RespondStep"/>.</param>
/// <param name="StaticAtProxy">True when nginx serves the class itself (static files) without a worker.</param>
public sealed record RequestClass(string Name, double Weight, IReadOnlyList<Step> Steps, bool StaticAtProxy = false);
