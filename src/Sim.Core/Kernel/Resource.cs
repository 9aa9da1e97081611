namespace Sim.Kernel;

/// <summary>
/// A capacity-limited resource for the process API (servers, connections, workers): requests are
/// granted while fewer than <see cref="Capacity"/> units are in use; the rest wait, served by
/// priority (lower first) and FIFO among equal priorities. In-use never exceeds capacity.
/// </summary>
/// <remarks>Keeps the time-integral of units in use, for utilization. Not thread safe.</remarks>
public sealed class Resource
{
    // Waiting requests: a plain FIFO while every request has priority 0 (the common case, and the
    // cheapest); the first request with another priority moves them all into a priority queue keyed
    // by (priority, sequence), which is FIFO among equal priorities.
    private readonly Queue<ResourceRequest> _fifo = new();
    private PriorityQueue<ResourceRequest, (int Priority, long Sequence)>? _prioritised;
    private long _sequence; // FIFO tie-break within a priority, numbered as requests enter the priority queue
    private int _waitingCount;
    private double _busyArea;
    private double _lastChange;
    private double _areaStart;

    /// <summary>Creates a resource.</summary>
    /// <param name="simulation">The owning simulation.</param>
    /// <param name="capacity">Units; ≥ 1.</param>
    /// <param name="name">Name for messages; default "resource".</param>
    public Resource(Simulation simulation, int capacity, string name = "resource")
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Simulation = simulation;
        Capacity = capacity;
        Name = name;
        _lastChange = _areaStart = simulation.Now;
    }

    /// <summary>The owning simulation.</summary>
    public Simulation Simulation { get; }

    /// <summary>Number of units.</summary>
    public int Capacity { get; }

    /// <summary>Name for messages.</summary>
    public string Name { get; }

    /// <summary>Units in use now, in [0, <see cref="Capacity"/>].</summary>
    public int InUse { get; private set; }

    /// <summary>Requests waiting now.</summary>
    public int QueueLength => _waitingCount;

    /// <summary>Requests granted so far.</summary>
    public long GrantedCount { get; private set; }

    /// <summary>Requests for one unit. Yield the result to wait until it is granted.</summary>
    /// <param name="priority">Lower is served first; default 0.</param>
    public ResourceRequest Request(int priority = 0)
    {
        var request = new ResourceRequest(this, priority);
        if (InUse < Capacity && _waitingCount == 0) Grant(request);
        else
        {
            if (_prioritised is null && priority != 0)
            {
                _prioritised = new PriorityQueue<ResourceRequest, (int Priority, long Sequence)>();
                while (_fifo.TryDequeue(out ResourceRequest? queued)) _prioritised.Enqueue(queued, (queued.Priority, _sequence++));
            }
            if (_prioritised is null) _fifo.Enqueue(request);
            else _prioritised.Enqueue(request, (priority, _sequence++));
            _waitingCount++;
        }
        return request;
    }

    /// <summary>Releases a granted unit (serving the next waiting request), or withdraws a waiting request. Idempotent.</summary>
    /// <exception cref="ArgumentException">The request belongs to another resource.</exception>
    public void Release(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceEquals(request.Resource, this)) throw new ArgumentException($"The request belongs to resource '{request.Resource.Name}', not '{Name}'.", nameof(request));
        if (request.IsReleased) return;
        request.IsReleased = true;
        if (!request.IsGranted)
        {
            _waitingCount--; // withdrawn; dropped lazily when it reaches the head of the queue
            return;
        }
        request.IsGranted = false;
        Accumulate();
        InUse--;
        while (InUse < Capacity && TryDequeueWaiting(out ResourceRequest? next))
        {
            if (next.IsReleased) continue; // withdrawn while waiting
            _waitingCount--;
            Grant(next);
        }
    }

    /// <summary>Mean units in use per unit of capacity since creation or the last <see cref="ResetStatistics"/>, in [0, 1].</summary>
    public double Utilization()
    {
        double elapsed = Simulation.Now - _areaStart;
        if (elapsed <= 0) return InUse / (double)Capacity;
        return (_busyArea + InUse * (Simulation.Now - _lastChange)) / (elapsed * Capacity);
    }

    /// <summary>Restarts the utilization integral at the current time (e.g. after a warm-up).</summary>
    public void ResetStatistics()
    {
        _busyArea = 0;
        _lastChange = _areaStart = Simulation.Now;
    }

    private bool TryDequeueWaiting([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceRequest? next)
        => _prioritised is null ? _fifo.TryDequeue(out next) : _prioritised.TryDequeue(out next, out _);

    private void Grant(ResourceRequest request)
    {
        Accumulate();
        InUse++;
        if (InUse > Capacity) throw new InvalidOperationException($"Resource '{Name}' would exceed its capacity {Capacity}."); // cannot happen
        GrantedCount++;
        request.IsGranted = true;
        request.GrantTime = Simulation.Now;
        request.Succeed(request);
    }

    private void Accumulate()
    {
        double now = Simulation.Now;
        _busyArea += InUse * (now - _lastChange);
        _lastChange = now;
    }
}
