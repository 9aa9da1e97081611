using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack.Stations;

namespace Sim.Stack;

public sealed partial class StackModel
{
    // ---- the stations ---------------------------------------------------------------------------
    // Typed and sealed, so that their calls to one another are direct calls (no virtual call per event or step).

    internal LoadBalancerStation LoadBalancer { get; private set; } = null!;

    internal ProxyStation Proxy { get; private set; } = null!;

    internal WorkerPoolStation Workers { get; private set; } = null!;

    internal CpuStation Cpu { get; private set; } = null!;

    internal CacheStation Cache { get; private set; } = null!;

    internal DbConnectionsStation DbConnections { get; private set; } = null!;

    internal DatabaseStation Database { get; private set; } = null!;

    internal ExternalCallStation External { get; private set; } = null!;

    internal TaskQueueStation TaskQueue { get; private set; } = null!;

    internal NetworkStation Network { get; private set; } = null!;

    internal LinkStation Link { get; private set; } = null!;

    internal ClientStation Clients { get; private set; } = null!;

    internal EdgeCacheStation Edge { get; private set; } = null!;

    internal WebSocketStation WebSockets { get; private set; } = null!;

    /// <summary>
    /// The one place the built-in stations are created, in the order of a request's path. A new built-in station is
    /// one file under <c>Stack/Stations/</c> and one line here (plus, when other stations call it, a typed property
    /// above). A station that only observes the requests (like the tests' <c>AuditLogStation</c>) needs no line here:
    /// it is passed to the internal constructor and visited by every request when its response is delivered.
    /// </summary>
    /// <remarks>Stations must not draw random numbers or schedule events when created: the model's streams and
    /// calendar order are the same whichever stations exist.</remarks>
    private void RegisterStations(ulong loadBalancerSeed, ulong cacheSizeSeed, ulong cacheServiceSeed, ulong cacheRouteSeed, ulong taskSeed,
        ulong patienceSeed, ulong backoffSeed, ulong edgeSeed, RandomStream webSockets)
    {
        LoadBalancer = Register(new LoadBalancerStation(this, loadBalancerSeed));
        Proxy = Register(new ProxyStation(this));
        Workers = Register(new WorkerPoolStation(this));
        Cpu = Register(new CpuStation(this));
        Cache = Register(new CacheStation(this, cacheSizeSeed, cacheServiceSeed, cacheRouteSeed));
        DbConnections = Register(new DbConnectionsStation(this, Workers.WorkerCount));
        Database = Register(new DatabaseStation(this));
        External = Register(new ExternalCallStation(this));
        TaskQueue = Register(new TaskQueueStation(this, taskSeed));
        Network = Register(new NetworkStation(this));
        Link = Register(new LinkStation(this));
        Clients = Register(new ClientStation(this, patienceSeed, backoffSeed));
        Edge = Register(new EdgeCacheStation(this, edgeSeed, _userRequestCount.Length));
        WebSockets = Register(new WebSocketStation(this, webSockets));
    }

    private T Register<T>(T station) where T : Station
    {
        _stations.Add(station);
        return station;
    }

    /// <summary>The stations, built-in then extra, in registration order (developer tools: the event census).</summary>
    internal IReadOnlyList<Station> AllStations => _stations;

    /// <summary>
    /// Every station's own metrics over the window so far (<see cref="StationMetric"/>), in registration order.
    /// The built-in stations' figures are also in <see cref="Collect"/>'s result; stations added beside them report only here.
    /// </summary>
    public IReadOnlyList<StationMetric> StationMetrics()
    {
        var metrics = new List<StationMetric>();
        foreach (Station station in _stations) station.ReportMetrics(metrics);
        return metrics;
    }

    // ---- what the stations use ------------------------------------------------------------------

    /// <summary>The simulation the model runs in.</summary>
    internal Simulation Simulation => _sim;

    /// <summary>The state of the request (or task) in <paramref name="slot"/>, by reference. Taking a new slot may move the table: take it again after <see cref="OpenSlot"/>.</summary>
    internal ref StackRequest Request(int slot) => ref _req[slot];

    /// <summary>The random stream of the request (or task) in <paramref name="slot"/>.</summary>
    internal RandomStream RandomOf(int slot) => _reqRandom[slot];

    /// <summary>The step the request in <paramref name="slot"/> is at (its class's steps; not for tasks).</summary>
    internal Step CurrentStep(int slot)
    {
        ref StackRequest r = ref _req[slot];
        return _classSteps[r.Class][r.Pc];
    }

    /// <summary>Counts an error of the request's cohort without ending the request (a failed cache operation).</summary>
    internal void CountError(int slot, ErrorKind kind)
    {
        if (InCohort(_req[slot].Start)) _errors[(int)kind]++;
    }

    /// <summary>The request's current step is done: go on with the next.</summary>
    internal void NextStep(int slot)
    {
        _req[slot].Pc++;
        RunSteps(slot);
    }

    /// <summary>Frees a task's slot (tasks leave without the request statistics).</summary>
    internal void FreeSlot(int slot)
    {
        _req[slot].Live = false;
        _freeSlots[_freeCount++] = slot;
    }

    /// <summary>The size of a response served by nginx itself: the class's respond step, drawn from the request's stream.</summary>
    internal double ResponseSize(int classIndex, RandomStream random)
    {
        foreach (Step step in _classSteps[classIndex])
            if (step is RespondStep respond) return respond.SizeBytes.Sample(random);
        return 0;
    }

    /// <summary>A one-shot stream for a decision made for one request: the same request gets the same numbers in every phase.</summary>
    internal RandomStream DecisionStream(ulong seed, ulong requestKey)
    {
        _decisionScratch.Reseed(SplitMix64.Mix(seed ^ requestKey));
        return _decisionScratch;
    }
}
