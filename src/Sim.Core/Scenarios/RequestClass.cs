namespace Sim.Scenarios;

/// <summary>A kind of request (e.g. <c>page</c>, <c>api</c>, <c>static</c>), chosen per request with probability proportional to its weight. Immutable; thread safe.</summary>
public sealed record RequestClass
{
    /// <summary>Unique name; ASCII letters, digits, '-' and '_'. JSON <c>classes[].name</c>; required.</summary>
    public required string Name { get; init; }

    /// <summary>Relative frequency, &gt; 0 and finite. JSON <c>classes[].weight</c>; default 1.</summary>
    public double Weight { get; init; } = ScenarioDefaults.Of<double>("classes[].weight");

    /// <summary>What the request does while it holds a worker, in order; ends with at most one <see cref="RespondStep"/>. JSON <c>classes[].steps</c>; default empty.</summary>
    public IReadOnlyList<Step> Steps { get; init; } = [];

    /// <summary>True when nginx serves the class itself (static files) without a worker. JSON <c>classes[].staticAtProxy</c>; default false.</summary>
    public bool StaticAtProxy { get; init; } = ScenarioDefaults.Of<bool>("classes[].staticAtProxy");

    /// <summary>Memory a request of this class holds on its worker's host while it is in service (from taking a worker to releasing it), bytes, in [0, 10¹²]. JSON <c>classes[].memory</c>; default 0.</summary>
    public double MemoryBytes { get; init; } = ScenarioDefaults.Of<double>("classes[].memory");

    /// <summary>
    /// Caches in front of the origin for this class's responses: its users' browser caches and a CDN
    /// (docs/components/edge-cache.md); null = none, every request reaches the origin. JSON <c>classes[].cache</c>; default absent.
    /// </summary>
    public ClassCacheSpec? Cache { get; init; }
}
