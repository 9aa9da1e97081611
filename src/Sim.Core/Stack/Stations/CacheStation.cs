using Sim.Components;
using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack.Stations;

/// <summary>
/// Redis: GETs and SETs on a shared pool of client connections (a <see cref="SlotQueue"/>: wait for one, or fail when
/// the policy says so), each taking a round trip. With a per-command CPU cost (<see cref="CacheSpec.ServiceTimeSeconds"/>
/// &gt; 0) each command is then executed by its node, a single-threaded server: one command at a time, first come
/// first served, so Redis can saturate. With several nodes (<see cref="CacheSpec.Nodes"/>) a key lives on the node its
/// hash slot belongs to. A hit comes from the fixed hit ratio or from the key-space model (Zipf popularity, memory,
/// TTL, LRU), which also yields memory use and evictions. A hit skips the steps the GET guards; a miss or a failed GET
/// runs them.
/// </summary>
/// <remarks>
/// <para>Order of one command: wait for a connection; the round trip (<see cref="CacheSpec.OperationTimeSeconds"/>, a
/// delay: network both ways and the client library); then, with the server model, the wait in the node's queue and the
/// command's CPU on the node; the connection is held throughout and given back at the end, when the hit is decided.</para>
/// <para>Random numbers: the GET's hit draw, the round trip and the key come from the request's stream in the same
/// order as before the server model existed; the CPU time of a command comes from the station's own substream, and
/// the node of a command without a key (fixed hit ratio) from another — so turning the server model on moves no other
/// draw.</para>
/// </remarks>
internal sealed class CacheStation : Station
{
    private const int KOpDone = 0;      // the operation is over: give the connection back, decide the hit
    private const int KSent = 1;        // server model: the command reached its node
    private const int KWokeUp = 2;      // host.wakeupCpu: the worker runs again after the reply
    private const int KServiceBase = 3; // server model: KServiceBase + node — the node finished the command at its head

    /// <summary>Redis Cluster's number of hash slots; a key's slot is its hash modulo this, and each node holds a contiguous range of slots.</summary>
    public const int HashSlots = 16384;

    private readonly ulong _sizeSeed;
    private readonly KeySpaceCache? _keySpace;
    private readonly bool _server;
    private readonly Distribution _serviceTime;
    private readonly RandomStream _serviceRandom;
    private readonly RandomStream _routeRandom;
    private readonly Node[] _nodes;
    private readonly bool _onWeb;
    private readonly double _wakeup;
    private SlotQueue _connections;
    private long _hits, _misses;
    private double _connectionWaitSum;
    private long _connectionWaits;

    public CacheStation(StackModel model, ulong sizeSeed, ulong serviceSeed, ulong routeSeed) : base(model, "cache")
    {
        StackScenario s = model.Scenario;
        _sizeSeed = sizeSeed;
        _connections = new SlotQueue(s.Cache.MaxConnections);
        _serviceTime = s.Cache.ServiceTimeSeconds;
        _server = s.Cache.Enabled && _serviceTime.Mean > 0;
        _serviceRandom = new RandomStream(serviceSeed);
        _routeRandom = new RandomStream(routeSeed);
        _onWeb = s.Placement.Cache == Placement.Web;
        _wakeup = s.Host.WakeupCpuSeconds;
        _nodes = new Node[Math.Max(1, s.Cache.Nodes)];
        for (int i = 0; i < _nodes.Length; i++) _nodes[i] = new Node(Sim.Now);
        if (s.Cache is { Enabled: true, KeySpace: { } ks })
        {
            if (ks.Keys > int.MaxValue) throw new ArgumentOutOfRangeException("scenario", ks.Keys, $"The key-space model holds at most {int.MaxValue} keys.");
            _keySpace = new KeySpaceCache(new KeySpaceCacheConfig((int)ks.Keys, ks.ZipfExponent, ks.ObjectSizeBytes, (long)ks.MaxMemoryBytes, ks.TtlSeconds));
        }
    }

    /// <summary>The key-space model, or null with a fixed hit ratio.</summary>
    public KeySpaceCache? KeySpace => _keySpace;

    /// <summary>Hits among the cohort's GETs.</summary>
    public long Hits => _hits;

    /// <summary>Misses (and failed GETs) among the cohort's GETs.</summary>
    public long Misses => _misses;

    /// <summary>True when commands cost CPU on their node (a single-threaded FCFS server); false when Redis is a pure delay.</summary>
    public bool ServerModel => _server;

    /// <summary>Mean wait for a client connection of the cohort's operations that got one, seconds; NaN when none did.</summary>
    public double ConnectionWaitMeanSeconds => _connectionWaits > 0 ? _connectionWaitSum / _connectionWaits : double.NaN;

    /// <summary>The node of a key: its hash slot (a 64-bit mix of the key, modulo <see cref="HashSlots"/>), in the contiguous range of slots a node holds.</summary>
    /// <param name="key">Key index, ≥ 0.</param>
    /// <param name="nodes">Nodes, ≥ 1.</param>
    public static int NodeOfKey(int key, int nodes) => (int)((long)HashSlot(key) * nodes / HashSlots);

    /// <summary>A key's hash slot, 0 … <see cref="HashSlots"/> − 1.</summary>
    /// <param name="key">Key index, ≥ 0.</param>
    public static int HashSlot(int key) => (int)(SplitMix64.Mix((ulong)key) % HashSlots);

    /// <summary>
    /// The request's current step is a <see cref="CacheGetStep"/> or a <see cref="CacheSetStep"/>. False when it passed
    /// straight on (cache disabled, or connections exhausted under the error policy): its program counter is advanced.
    /// </summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        bool set = Model.CurrentStep(slot) is CacheSetStep;
        if (!set) r.CacheDraw = Model.RandomOf(slot).NextDouble(); // drawn always: same draws in every phase
        if (!Model.Scenario.Cache.Enabled)
        {
            r.Pc++;
            return false;
        }
        r.CacheSet = set;
        return Begin(slot);
    }

    public override void ResetStatistics()
    {
        _hits = _misses = 0;
        _connectionWaitSum = 0;
        _connectionWaits = 0;
        double now = Sim.Now;
        for (int i = 0; i < _nodes.Length; i++) _nodes[i].Reset(now);
        _keySpace?.ResetStatistics();
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "hits_count", _hits));
        metrics.Add(new StationMetric(Name, "misses_count", _misses));
        metrics.Add(new StationMetric(Name, "connections_in_use_count", _connections.InUse));
        metrics.Add(new StationMetric(Name, "connections_waiting_count", _connections.Waiting));
    }

    /// <summary>Each node's load over the window so far: CPU busy fraction (NaN without the server model) and commands finished per second.</summary>
    /// <param name="any">False when the window has no length yet: rates and utilizations are 0.</param>
    public (double Utilization, double CommandsPerSecond)[] NodeLoad(bool any)
    {
        double now = Sim.Now;
        var load = new (double, double)[_nodes.Length];
        for (int i = 0; i < load.Length; i++)
        {
            Node n = _nodes[i];
            double window = now - n.Busy.StartTime;
            load[i] = (!_server ? double.NaN : any ? n.Busy.Mean(now) : 0, any && window > 0 ? n.Commands / window : 0);
        }
        return load;
    }

    /// <summary>
    /// Each node's figures: its <paramref name="load"/> over the window (<see cref="NodeLoad"/>), and the hit ratio and
    /// mean queue wait of the window's requests followed to their end (NaN without any GET, or without the server model).
    /// </summary>
    /// <param name="load">The nodes' load, captured when the window ended.</param>
    public CacheNodeResult[] NodeResults((double Utilization, double CommandsPerSecond)[] load)
    {
        var results = new CacheNodeResult[_nodes.Length];
        for (int i = 0; i < results.Length; i++)
        {
            Node n = _nodes[i];
            long gets = n.Hits + n.Misses;
            results[i] = new CacheNodeResult(load[i].Utilization, load[i].CommandsPerSecond,
                gets > 0 ? n.Hits / (double)gets : double.NaN,
                _server && n.Waits > 0 ? n.WaitSum / n.Waits : double.NaN);
        }
        return results;
    }

    /// <summary>Mean wait in the nodes' queues over all the cohort's commands, seconds; NaN without the server model or commands.</summary>
    public double CommandWaitMeanSeconds()
    {
        double sum = 0;
        long count = 0;
        foreach (Node n in _nodes)
        {
            sum += n.WaitSum;
            count += n.Waits;
        }
        return _server && count > 0 ? sum / count : double.NaN;
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        switch (kind)
        {
            case KOpDone:
                Finish(data);
                break;
            case KSent:
                Arrive(data);
                break;
            case KWokeUp:
                int slot = Model.Live(data);
                if (slot < 0) return;
                Model.EndSegment(slot);
                Resume(slot);
                break;
            case >= KServiceBase when kind - KServiceBase < _nodes.Length:
                ServiceDone(kind - KServiceBase, data);
                break;
            default:
                throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => kind switch
    {
        KOpDone => "CacheOpDone",
        KSent => "CacheCommandSent",
        KWokeUp => "CacheWokeUp",
        >= KServiceBase => "CacheCommandServed",
        _ => base.KindName(kind),
    };

    /// <summary>Starts a cache operation; false when it was skipped (connections exhausted with the error policy) and the steps go on.</summary>
    private bool Begin(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        Model.BeginSegment(slot, BreakdownCategory.Cache, 0);
        if (_connections.TryAcquire())
        {
            StartOp(slot);
            return true;
        }
        if (Model.Scenario.Cache.WhenExhausted == ConnectionExhaustion.Error)
        {
            Model.CountError(slot, ErrorKind.CacheConnections);
            Model.EndSegment(slot);
            if (!r.CacheSet) _misses++;
            r.Pc++; // a failed GET is a miss: the guarded steps run
            return false;
        }
        r.WaitingForCache = true;
        _connections.Enqueue(Model.TagOf(slot));
        return true;
    }

    /// <summary>The request holds a connection: the round trip starts (and, with the server model, the command goes to its node after it).</summary>
    private void StartOp(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        r.WaitingForCache = false;
        if (Model.InCohort(r.Start))
        {
            _connectionWaitSum += Sim.Now - r.SegmentStart; // the segment began when the operation asked for a connection
            _connectionWaits++;
        }
        RandomStream random = Model.RandomOf(slot);
        double op = Model.Scenario.Cache.OperationTimeSeconds.Sample(random);
        // The key of a GET is drawn here, after the round trip, as it was when it was drawn at the end of the operation:
        // nothing else draws from the request's stream while it waits for Redis, so the sequence is the same.
        if (!r.CacheSet && _keySpace is not null) r.CacheKey = _keySpace.Popularity.Sample(random) - 1;
        r.CacheNode = RouteOf(ref r);
        Model.BeginSegment(slot, BreakdownCategory.Cache, op, keepStart: true); // the operation is service; any wait before it, queueing
        Sim.Schedule(op, this, _server ? KSent : KOpDone, Model.TagOf(slot));
    }

    /// <summary>The node of the pending command: its key's node, or any node alike when there is no key (fixed hit ratio, or a SET after a failed GET).</summary>
    private int RouteOf(ref StackRequest r)
    {
        int nodes = _nodes.Length;
        if (nodes == 1) return 0;
        if (_keySpace is not null && r.CacheKey >= 0) return NodeOfKey(r.CacheKey, nodes);
        return _routeRandom.NextInt(nodes);
    }

    /// <summary>Server model: the command reaches its node; it is executed at once when the node is idle, else it queues.</summary>
    private void Arrive(long tag)
    {
        int slot = Model.Live(tag);
        if (slot < 0)
        {
            // The request ended on the way (a timeout killed it): the command is never executed, the connection comes back.
            if (_connections.Release(Model, out int waiter)) StartOp(waiter);
            return;
        }
        ref StackRequest r = ref Model.Request(slot);
        r.CacheQueued = Sim.Now;
        ref Node n = ref _nodes[r.CacheNode];
        if (n.Line.TryAcquire())
        {
            n.Busy.Update(Sim.Now, 1);
            StartService(r.CacheNode, tag);
        }
        else
        {
            n.Line.Enqueue(tag);
        }
    }

    /// <summary>The node executes the command of <paramref name="tag"/> (its request may have ended meanwhile: the command was sent, so it runs).</summary>
    private void StartService(int node, long tag)
    {
        double work = _serviceTime.Sample(_serviceRandom);
        int slot = Model.Live(tag);
        if (slot >= 0)
        {
            ref StackRequest r = ref Model.Request(slot);
            if (Model.InCohort(r.Start))
            {
                _nodes[node].WaitSum += Sim.Now - r.CacheQueued;
                _nodes[node].Waits++;
            }
            Model.BeginSegment(slot, BreakdownCategory.Cache, work, keepStart: true);
        }
        // Placed on the web host, the node's command is CPU there: it shares the cores (and stretches when they are busy).
        if (_onWeb) Model.Cpu.Submit(CpuStation.WebHost, work, HostUser.Cache, this, KServiceBase + node, tag);
        else Sim.Schedule(work, this, KServiceBase + node, tag);
    }

    private void ServiceDone(int node, long tag)
    {
        ref Node n = ref _nodes[node];
        if (Model.WindowOpen) n.Commands++;
        if (n.Line.Release(out long next)) StartService(node, next);
        else n.Busy.Update(Sim.Now, 0);
        Finish(tag);
    }

    /// <summary>The operation is over: the connection goes back (whether or not the request is still alive), the GET's hit is decided, the steps go on.</summary>
    private void Finish(long tag)
    {
        if (_connections.Release(Model, out int waiter)) StartOp(waiter);
        int slot = Model.Live(tag);
        if (slot < 0) return;
        if (!_server && Model.WindowOpen) _nodes[Model.Request(slot).CacheNode].Commands++;
        Model.EndSegment(slot);
        if (_wakeup > 0)
        {
            // The reply is in: the worker process needs a little CPU on its host to run again.
            Model.BeginSegment(slot, BreakdownCategory.Cpu, _wakeup);
            Model.Cpu.Submit(Model.Request(slot).Server, _wakeup, HostUser.Wakeup, this, KWokeUp, tag);
            return;
        }
        Resume(slot);
    }

    /// <summary>The worker has the reply: the GET's hit is decided (or the SET's key stored), the steps go on.</summary>
    private void Resume(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        ref Node n = ref _nodes[r.CacheNode];
        if (r.CacheSet)
        {
            // Cache-aside fill: the key this request missed (key-space model only).
            if (_keySpace is not null && r.CacheKey >= 0) _keySpace.Set(Sim.Now, r.CacheKey, Model.DecisionStream(_sizeSeed, r.Key));
            r.Pc++;
        }
        else
        {
            bool hit = _keySpace is not null ? _keySpace.GetKey(Sim.Now, r.CacheKey) : r.CacheDraw < Model.Scenario.Cache.HitRatio;
            if (Model.InCohort(r.Start))
            {
                if (hit)
                {
                    _hits++;
                    n.Hits++;
                }
                else
                {
                    _misses++;
                    n.Misses++;
                }
            }
            var get = (CacheGetStep)Model.CurrentStep(slot);
            r.Pc += hit ? 1 + get.Guards : 1;
        }
        Model.RunSteps(slot);
    }

    /// <summary>One Redis node: its FCFS line (one slot: the command being executed), busy time and counters.</summary>
    private struct Node(double now)
    {
        public SlotQueue Line = new(1);
        public readonly TimeWeighted Busy = new(now);
        public long Commands, Hits, Misses, Waits;
        public double WaitSum;

        public void Reset(double time)
        {
            Busy.Reset(time);
            Commands = Hits = Misses = Waits = 0;
            WaitSum = 0;
        }
    }
}
