using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack.Stations;

namespace Sim.Stack;

public sealed partial class StackModel
{
    // ---- Redis ----------------------------------------------------------------------------------

    /// <summary>Starts a cache operation; returns false when it was skipped (connections exhausted with the error policy) and the steps go on.</summary>
    private bool CacheBegin(int slot)
    {
        ref Request r = ref _req[slot];
        BeginSegment(slot, BreakdownCategory.Cache, 0);
        if (_cacheConnections.TryAcquire())
        {
            StartCacheOp(slot);
            return true;
        }
        if (_s.Cache.WhenExhausted == ConnectionExhaustion.Error)
        {
            if (InCohort(r.Start)) _errors[(int)ErrorKind.CacheConnections]++;
            EndSegment(slot);
            if (!r.CacheSet) _cacheMisses++;
            r.Pc++; // a failed GET is a miss: the guarded steps run
            return false;
        }
        r.WaitingForCache = true;
        _cacheConnections.Enqueue(TagOf(slot));
        return true;
    }

    private void StartCacheOp(int slot)
    {
        ref Request r = ref _req[slot];
        r.WaitingForCache = false;
        double op = _s.Cache.OperationTime.Sample(_reqRandom[slot]);
        BeginSegment(slot, BreakdownCategory.Cache, op, keepStart: true); // the operation is service; any wait before it, queueing
        _sim.Schedule(op, this, KCacheOpDone, TagOf(slot));
    }

    private void CacheOpDone(long data)
    {
        // The connection is returned whether or not the request is still alive.
        if (_cacheConnections.Release(this, out int waiter)) StartCacheOp(waiter);
        int slot = Live(data);
        if (slot < 0) return;
        ref Request r = ref _req[slot];
        EndSegment(slot);
        if (r.CacheSet)
        {
            // Cache-aside fill: the key this request missed (key-space model only).
            if (_keySpace is not null && r.CacheKey >= 0) _keySpace.Set(_sim.Now, r.CacheKey, DecisionStream(_cacheSizeSeed, r.Key));
            r.Pc++;
        }
        else
        {
            bool hit;
            if (_keySpace is not null) hit = _keySpace.Get(_sim.Now, _reqRandom[slot], out r.CacheKey);
            else hit = r.CacheDraw < _s.Cache.HitRatio;
            if (InCohort(r.Start))
            {
                if (hit) _cacheHits++;
                else _cacheMisses++;
            }
            var get = (CacheGetStep)_classSteps[r.Class][r.Pc];
            r.Pc += hit ? 1 + get.Guards : 1;
        }
        RunSteps(slot);
    }

    // ---- database connections -------------------------------------------------------------------

    /// <summary>Makes sure the request has a DB connection; true when it has one now, false when it waits, connects or failed.</summary>
    private bool DbBegin(int slot)
    {
        ref Request r = ref _req[slot];
        if (r.HoldsRequestConn || r.HoldsPoolConn) return Reused(slot);
        if (_s.DbConnections.Pool is { } pool)
        {
            if (_pool.TryAcquire())
            {
                r.HoldsPoolConn = true;
                return Reused(slot);
            }
            BeginSegment(slot, BreakdownCategory.DbConnect, 0);
            r.WaitingForPool = true;
            _pool.Enqueue(TagOf(slot));
            r.PoolTimeout = _sim.Schedule(pool.WaitTimeout, this, KPoolTimeout, TagOf(slot));
            return false;
        }
        if (_s.DbConnections.ConnMaxAge > 0)
        {
            ref double openedAt = ref _workerConnOpenedAt[r.Worker];
            if (!double.IsNaN(openedAt) && _sim.Now - openedAt < _s.DbConnections.ConnMaxAge) return Reused(slot);
            if (!double.IsNaN(openedAt)) CloseConnection(ref openedAt);
            if (!OpenConnection(slot)) return false;
            openedAt = _sim.Now;
            return false;
        }
        if (!OpenConnection(slot)) return false;
        r.HoldsRequestConn = true;
        return false;
    }

    /// <summary>Counts the request as served by an existing connection (once per request: reuse % is per request).</summary>
    private bool Reused(int slot)
    {
        ref Request r = ref _req[slot];
        if (!r.DbCounted && InCohort(r.Start)) _dbReused++;
        r.DbCounted = true;
        return true;
    }

    /// <summary>Opens a new connection (counted open from now); false when max_connections is reached and the request failed.</summary>
    private bool OpenConnection(int slot)
    {
        ref Request r = ref _req[slot];
        if (_dbOpen >= _s.Database.MaxConnections)
        {
            Fail(slot, ErrorKind.DbMaxConnections);
            return false;
        }
        _dbOpen++;
        if (_dbOpen > _maxDbOpen) _maxDbOpen = _dbOpen;
        _dbOpenTw.Update(_sim.Now, _dbOpen);
        if (!r.DbCounted && InCohort(r.Start)) _dbCreated++;
        r.DbCounted = true;
        // The database's side of the handshake (fork, authentication) loads its cores without blocking the request further.
        if (_s.Database.ConnectCpu > 0) _db[0].Submit(_s.Database.ConnectCpu, this, KIgnore, 0);
        double connect = _s.DbConnections.ConnectTime.Sample(_reqRandom[slot]);
        BeginSegment(slot, BreakdownCategory.DbConnect, connect);
        _sim.Schedule(connect, this, KDbConnectNetDone, TagOf(slot));
        return true;
    }

    private void CloseConnection(ref double openedAt)
    {
        openedAt = double.NaN;
        _dbOpen--;
        _dbOpenTw.Update(_sim.Now, _dbOpen);
    }

    private void CloseRequestConnection(int slot)
    {
        ref Request r = ref _req[slot];
        if (!r.HoldsRequestConn) return;
        r.HoldsRequestConn = false;
        _dbOpen--;
        _dbOpenTw.Update(_sim.Now, _dbOpen);
    }

    /// <summary>Django's close_old_connections at the end of a request.</summary>
    private void CloseExpiredPersistent(int worker)
    {
        ref double openedAt = ref _workerConnOpenedAt[worker];
        if (!double.IsNaN(openedAt) && _sim.Now - openedAt >= _s.DbConnections.ConnMaxAge) CloseConnection(ref openedAt);
    }

    private void ReleasePoolConnection(int slot)
    {
        ref Request r = ref _req[slot];
        if (!r.HoldsPoolConn) return;
        r.HoldsPoolConn = false;
        // A request waiting for the pool is alive until it leaves the line: a pool timeout or a worker timeout ends it.
        if (_pool.Release(this, out int waiter))
        {
            ref Request w = ref _req[waiter];
            w.WaitingForPool = false;
            _sim.Cancel(w.PoolTimeout);
            w.HoldsPoolConn = true;
            EndSegment(waiter);
            Reused(waiter);
            RunQuery(waiter);
        }
    }

    private void PoolTimedOut(int slot)
    {
        ref Request r = ref _req[slot];
        if (!r.WaitingForPool) return;
        r.WaitingForPool = false;
        Fail(slot, ErrorKind.DbPoolTimeout);
    }

    // ---- queries --------------------------------------------------------------------------------

    private void RunQuery(int slot)
    {
        ref Request r = ref _req[slot];
        DbStep step = r.Db!;
        var random = _reqRandom[slot];
        double work = step.QueryTime.Sample(random);
        int target = 0;
        if (!step.Write && _db.Length > 1 && random.NextDouble() < _s.Database.ReplicaReads)
            target = 1 + random.NextInt(_db.Length - 1);
        BeginSegment(slot, BreakdownCategory.DbQuery, work);
        _db[target].Submit(work, this, KQueryDone, TagOf(slot));
    }

    private void QueryDone(int slot)
    {
        ref Request r = ref _req[slot];
        if (--r.QueriesLeft > 0)
        {
            RunQuery(slot);
            return;
        }
        // The step's transaction is over: a pooled connection goes back to the pool.
        ReleasePoolConnection(slot);
        r.Db = null;
        r.Pc++;
        RunSteps(slot);
    }

    // ---- Celery ---------------------------------------------------------------------------------

    /// <summary>Publishes a task for the request with key <paramref name="requestKey"/> at its step <paramref name="step"/>;
    /// the task's random numbers come from that pair, not from the order of publication.</summary>
    private void PublishTask(ulong requestKey, int step)
    {
        TaskQueueSpec? tq = _s.TaskQueue;
        if (tq is null) return;
        int slot = OpenSlot(user: -1, isTask: true);
        if (slot < 0) return;
        ulong key = SplitMix64.Mix(SplitMix64.Mix(_taskSeed ^ requestKey) + (ulong)step);
        _req[slot].Key = key;
        _req[slot].ParentKey = requestKey;
        _reqRandom[slot].Reseed(key);
        _sim.Schedule(tq.BrokerLatency.Sample(_reqRandom[slot]), this, KTaskDelivered, TagOf(slot));
    }

    private void TaskDelivered(int slot)
    {
        if (_taskSlots.TryAcquire()) RunTaskSteps(slot);
        else _taskSlots.Enqueue(TagOf(slot));
    }

    private void RunTaskSteps(int slot)
    {
        ref Request r = ref _req[slot];
        IReadOnlyList<Step> steps = _s.TaskQueue!.Steps;
        var random = _reqRandom[slot];
        while (r.Pc < steps.Count)
        {
            switch (steps[r.Pc])
            {
                case CpuStep cpu:
                    double work = cpu.Work.Sample(random);
                    if (r.Pc == 0) TaskWorkDrawn?.Invoke(r.ParentKey, work);
                    _taskCpu!.Submit(work, this, KTaskStepDone, TagOf(slot));
                    return;
                case DbStep db:
                    // Celery workers keep persistent connections; their queries load the same database.
                    r.Db = db;
                    r.QueriesLeft = db.Queries;
                    double query = db.QueryTime.Sample(random);
                    if (r.Pc == 0) TaskWorkDrawn?.Invoke(r.ParentKey, query);
                    _db[0].Submit(query, this, KTaskQueryDone, TagOf(slot));
                    return;
                case ExternalCallStep external:
                    _sim.Schedule(external.Latency.Sample(random), this, KTaskStepDone, TagOf(slot));
                    return;
                default:
                    r.Pc++; // cache, enqueue and respond steps have no meaning in a task
                    continue;
            }
        }
        TaskDone(slot);
    }

    private void TaskQueryDone(int slot)
    {
        ref Request r = ref _req[slot];
        if (--r.QueriesLeft > 0)
        {
            _db[0].Submit(r.Db!.QueryTime.Sample(_reqRandom[slot]), this, KTaskQueryDone, TagOf(slot));
            return;
        }
        r.Pc++;
        RunTaskSteps(slot);
    }

    private void TaskDone(int slot)
    {
        if (WindowOpen) _tasksDeparted++;
        _req[slot].Live = false;
        _freeSlots[_freeCount++] = slot;
        if (_taskSlots.Release(this, out int next)) RunTaskSteps(next);
    }
}
