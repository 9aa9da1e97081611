using Sim.Components;
using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// Redis: GETs and SETs on a shared pool of connections (a <see cref="SlotQueue"/>: wait for one, or fail when the
/// policy says so), each taking an operation time. A hit comes from the fixed hit ratio or from the key-space model
/// (Zipf popularity, memory, TTL, LRU), which also yields memory use and evictions. A hit skips the steps the GET
/// guards; a miss or a failed GET runs them.
/// </summary>
internal sealed class CacheStation : Station
{
    private const int KOpDone = 0;

    private readonly ulong _sizeSeed;
    private readonly KeySpaceCache? _keySpace;
    private SlotQueue _connections;
    private long _hits, _misses;

    public CacheStation(StackModel model, ulong sizeSeed) : base(model, "cache")
    {
        StackScenario s = model.Scenario;
        _sizeSeed = sizeSeed;
        _connections = new SlotQueue(s.Cache.MaxConnections);
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
        _keySpace?.ResetStatistics();
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "hits_count", _hits));
        metrics.Add(new StationMetric(Name, "misses_count", _misses));
        metrics.Add(new StationMetric(Name, "connections_in_use_count", _connections.InUse));
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        if (kind != KOpDone) throw new InvalidOperationException($"Unknown event kind {kind}.");
        // The connection is returned whether or not the request is still alive.
        if (_connections.Release(Model, out int waiter)) StartOp(waiter);
        int slot = Model.Live(data);
        if (slot < 0) return;
        ref StackRequest r = ref Model.Request(slot);
        Model.EndSegment(slot);
        if (r.CacheSet)
        {
            // Cache-aside fill: the key this request missed (key-space model only).
            if (_keySpace is not null && r.CacheKey >= 0) _keySpace.Set(Sim.Now, r.CacheKey, Model.DecisionStream(_sizeSeed, r.Key));
            r.Pc++;
        }
        else
        {
            bool hit;
            if (_keySpace is not null) hit = _keySpace.Get(Sim.Now, Model.RandomOf(slot), out r.CacheKey);
            else hit = r.CacheDraw < Model.Scenario.Cache.HitRatio;
            if (Model.InCohort(r.Start))
            {
                if (hit) _hits++;
                else _misses++;
            }
            var get = (CacheGetStep)Model.CurrentStep(slot);
            r.Pc += hit ? 1 + get.Guards : 1;
        }
        Model.RunSteps(slot);
    }

    public override string KindName(int kind) => kind == KOpDone ? "CacheOpDone" : base.KindName(kind);

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

    private void StartOp(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        r.WaitingForCache = false;
        double op = Model.Scenario.Cache.OperationTimeSeconds.Sample(Model.RandomOf(slot));
        Model.BeginSegment(slot, BreakdownCategory.Cache, op, keepStart: true); // the operation is service; any wait before it, queueing
        Sim.Schedule(op, this, KOpDone, Model.TagOf(slot));
    }
}
