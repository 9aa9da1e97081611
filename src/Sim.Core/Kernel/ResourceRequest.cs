namespace Sim.Kernel;

/// <summary>
/// A request for one unit of a <see cref="Resource"/>: an event that succeeds when the unit is
/// granted. Dispose it (or call <see cref="Resource.Release"/>) to give the unit back — or, if it
/// was not yet granted, to leave the queue:
/// <code>using (var req = server.Request()) { yield return req; yield return sim.Delay(s); }</code>
/// </summary>
public sealed class ResourceRequest : SimEvent, IDisposable
{
    internal ResourceRequest(Resource resource, int priority) : base(resource.Simulation)
    {
        Resource = resource;
        Priority = priority;
        RequestTime = resource.Simulation.Now;
        GrantTime = double.NaN;
    }

    /// <summary>The resource asked for.</summary>
    public Resource Resource { get; }

    /// <summary>Queueing priority: lower is served first; FIFO among equals.</summary>
    public int Priority { get; }

    /// <summary>When the request was made, seconds.</summary>
    public double RequestTime { get; }

    /// <summary>When the unit was granted, seconds; NaN while waiting.</summary>
    public double GrantTime { get; internal set; }

    /// <summary>True while the unit is held.</summary>
    public bool IsGranted { get; internal set; }

    /// <summary>True once released or withdrawn.</summary>
    public bool IsReleased { get; internal set; }

    /// <summary>Releases the unit, or withdraws the request if still waiting. Idempotent.</summary>
    public void Dispose() => Resource.Release(this);
}
