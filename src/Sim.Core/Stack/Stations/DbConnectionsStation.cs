using Sim.Kernel;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack.Stations;

/// <summary>
/// Django's database connections, in one of three modes: <c>CONN_MAX_AGE = 0</c> (connect per request: network
/// time, then CPU on the app server and the database, closed when the worker lets go of the request); a persistent
/// connection per worker, re-opened after its max age; or an external pool (pgbouncer) of P server connections, a
/// <see cref="SlotQueue"/> with a wait timeout. Counts connections open (time average, peak), created and reused,
/// and fails a request whose new connection would exceed the database's <c>max_connections</c>. With
/// <c>database.postmasterCpu</c> &gt; 0 a new connection, after its network time, queues for PostgreSQL's single
/// postmaster process (FCFS, one setup at a time; its service is CPU on the web host when the database is placed there).
/// </summary>
internal sealed class DbConnectionsStation : Station
{
    private const int KConnectNetDone = 0, KConnected = 1, KPoolTimeout = 2, KIgnore = 3, KPostmasterDone = 4;
    private static readonly string[] KindNames = ["DbConnectNetDone", "DbConnected", "PoolTimeout", "Ignore", "PostmasterDone"];

    private readonly double[] _openedAt; // per worker: its persistent connection opened at, NaN = none
    private readonly TimeWeighted _openTw;
    private SlotQueue _pool;
    private int _open, _maxOpen;
    private long _created, _reused;
    private readonly double _postmaster;
    private SlotQueue _postmasterLine = new(1);
    private readonly TimeWeighted _postmasterBusy;
    private double _postmasterWaitSum;
    private long _postmasterWaits;

    public DbConnectionsStation(StackModel model, int workers) : base(model, "dbConnections")
    {
        StackScenario s = model.Scenario;
        _openedAt = new double[workers];
        Array.Fill(_openedAt, double.NaN);
        _pool = new SlotQueue(s.DbConnections.Pool?.Size ?? 0);
        _openTw = new TimeWeighted(Sim.Now);
        _postmaster = s.Database.PostmasterCpuSeconds;
        _postmasterBusy = new TimeWeighted(Sim.Now);
        if (s.DbConnections.Pool is { } pool)
        {
            // The external pool keeps its server connections open from the start.
            _open = Math.Min(pool.Size, s.Database.MaxConnections);
            _openTw.Update(Sim.Now, _open);
        }
    }

    /// <summary>Connections open now.</summary>
    public int Open => _open;

    /// <summary>The most connections open at once in the window.</summary>
    public int MaxOpen => _maxOpen;

    /// <summary>The cohort's requests that opened a new connection.</summary>
    public long Created => _created;

    /// <summary>The cohort's requests served by an existing connection.</summary>
    public long Reused => _reused;

    /// <summary>The time-average number of open connections from the window's start to now.</summary>
    public double OpenMean(bool any) => any ? _openTw.Mean(Sim.Now) : _open;

    /// <summary>
    /// The request's current step is a <see cref="DbStep"/>: make sure it has a connection. False when it has one
    /// now (the caller runs the query on the database); true when it waits for the pool, connects, or failed.
    /// </summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        var db = (DbStep)Model.CurrentStep(slot);
        r.Db = db;
        r.QueriesLeft = db.Queries;
        DbConnectionsSpec spec = Model.Scenario.DbConnections;
        if (r.HoldsRequestConn || r.HoldsPoolConn) return !CountReused(slot);
        if (spec.Pool is { } pool)
        {
            if (_pool.TryAcquire())
            {
                r.HoldsPoolConn = true;
                return !CountReused(slot);
            }
            Model.BeginSegment(slot, BreakdownCategory.DbConnect, 0);
            r.WaitingForPool = true;
            _pool.Enqueue(Model.TagOf(slot));
            r.PoolTimeout = Sim.Schedule(pool.WaitTimeoutSeconds, this, KPoolTimeout, Model.TagOf(slot));
            return true;
        }
        if (spec.ConnMaxAgeSeconds > 0)
        {
            ref double openedAt = ref _openedAt[r.Worker];
            if (!double.IsNaN(openedAt) && Sim.Now - openedAt < spec.ConnMaxAgeSeconds) return !CountReused(slot);
            if (!double.IsNaN(openedAt)) Close(ref openedAt);
            if (!OpenConnection(slot)) return true;
            openedAt = Sim.Now;
            return true;
        }
        if (!OpenConnection(slot)) return true;
        r.HoldsRequestConn = true;
        return true;
    }

    /// <summary>The request leaves: a per-request connection is closed, a pooled one goes back to the pool.</summary>
    public override void Release(int slot)
    {
        CloseRequestConnection(slot);
        EndTransaction(slot);
    }

    /// <summary>A DB step's transaction is over: a pooled connection goes back to the pool (and to the first live waiter).</summary>
    public void EndTransaction(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (!r.HoldsPoolConn) return;
        r.HoldsPoolConn = false;
        // A request waiting for the pool is alive until it leaves the line: a pool timeout or a worker timeout ends it.
        if (_pool.Release(Model, out int waiter))
        {
            ref StackRequest w = ref Model.Request(waiter);
            w.WaitingForPool = false;
            Sim.Cancel(w.PoolTimeout);
            w.HoldsPoolConn = true;
            Model.EndSegment(waiter);
            CountReused(waiter);
            Model.Database.Accept(waiter);
        }
    }

    /// <summary>The worker let go of the request: its per-request connection closes, and Django's close_old_connections closes an expired persistent one.</summary>
    public void WorkerReleased(int slot, int worker)
    {
        CloseRequestConnection(slot);
        ref double openedAt = ref _openedAt[worker];
        if (!double.IsNaN(openedAt) && Sim.Now - openedAt >= Model.Scenario.DbConnections.ConnMaxAgeSeconds) Close(ref openedAt);
    }

    /// <summary>gunicorn killed the worker: its persistent connection dies with it.</summary>
    public void WorkerKilled(int worker)
    {
        if (!double.IsNaN(_openedAt[worker])) Close(ref _openedAt[worker]);
    }

    /// <summary>Whether connection setups queue for the postmaster (<c>database.postmasterCpu</c> &gt; 0).</summary>
    public bool PostmasterModel => _postmaster > 0;

    /// <summary>The postmaster's busy fraction over the window so far; NaN without the postmaster model.</summary>
    /// <param name="any">False when the window has no length yet: the current state.</param>
    public double PostmasterUtilization(bool any) => !PostmasterModel ? double.NaN : any ? _postmasterBusy.Mean(Sim.Now) : _postmasterBusy.Current;

    /// <summary>Mean wait for the postmaster of the cohort's connection setups, seconds; NaN without the postmaster model or setups.</summary>
    public double PostmasterWaitMeanSeconds => PostmasterModel && _postmasterWaits > 0 ? _postmasterWaitSum / _postmasterWaits : double.NaN;

    public override void ResetStatistics()
    {
        _postmasterBusy.Reset(Sim.Now);
        _postmasterWaitSum = 0;
        _postmasterWaits = 0;
        _created = _reused = 0;
        _maxOpen = _open;
        _openTw.Reset(Sim.Now);
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "open_count", _open));
        metrics.Add(new StationMetric(Name, "open_max_count", _maxOpen));
        metrics.Add(new StationMetric(Name, "created_count", _created));
        metrics.Add(new StationMetric(Name, "reused_count", _reused));
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        if (kind == KIgnore) return;
        if (kind == KPostmasterDone)
        {
            // The postmaster is done with this setup (whether or not its request is still alive): the next one starts.
            if (_postmasterLine.Release(Model, out int next)) StartPostmaster(next);
            else _postmasterBusy.Update(Sim.Now, 0);
        }
        int slot = Model.Live(data);
        if (slot < 0) return;
        switch (kind)
        {
            case KConnectNetDone when _postmaster > 0:
                ref StackRequest q = ref Model.Request(slot);
                q.Queued = Sim.Now;
                if (_postmasterLine.TryAcquire())
                {
                    _postmasterBusy.Update(Sim.Now, 1);
                    StartPostmaster(slot);
                }
                else
                {
                    _postmasterLine.Enqueue(Model.TagOf(slot));
                }
                break;
            case KConnectNetDone or KPostmasterDone:
                double cpu = Model.Scenario.DbConnections.ConnectCpuSeconds;
                Model.BeginSegment(slot, BreakdownCategory.DbConnect, cpu, keepStart: true);
                Model.Cpu.Submit(Model.Request(slot).Server, cpu, HostUser.App, this, KConnected, Model.TagOf(slot));
                break;
            case KConnected:
                Model.EndSegment(slot);
                Model.Database.Accept(slot);
                break;
            case KPoolTimeout:
                ref StackRequest r = ref Model.Request(slot);
                if (!r.WaitingForPool) return;
                r.WaitingForPool = false;
                Model.Fail(slot, ErrorKind.DbPoolTimeout);
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => (uint)kind < (uint)KindNames.Length ? KindNames[kind] : base.KindName(kind);

    /// <summary>The postmaster takes the connection setup of <paramref name="slot"/>: a delay, or CPU on the web host when the database is placed there.</summary>
    private void StartPostmaster(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (Model.InCohort(r.Start))
        {
            _postmasterWaitSum += Sim.Now - r.Queued;
            _postmasterWaits++;
        }
        Model.BeginSegment(slot, BreakdownCategory.DbConnect, _postmaster, keepStart: true);
        if (Model.Database.OnWeb) Model.Cpu.Submit(CpuStation.WebHost, _postmaster, HostUser.Database, this, KPostmasterDone, Model.TagOf(slot));
        else Sim.Schedule(_postmaster, this, KPostmasterDone, Model.TagOf(slot));
    }

    /// <summary>Counts the request as served by an existing connection (once per request: reuse % is per request); true.</summary>
    private bool CountReused(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (!r.DbCounted && Model.InCohort(r.Start)) _reused++;
        r.DbCounted = true;
        return true;
    }

    /// <summary>Opens a new connection (counted open from now); false when max_connections is reached and the request failed.</summary>
    private bool OpenConnection(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        StackScenario s = Model.Scenario;
        if (_open >= s.Database.MaxConnections)
        {
            Model.Fail(slot, ErrorKind.DbMaxConnections);
            return false;
        }
        _open++;
        if (_open > _maxOpen) _maxOpen = _open;
        _openTw.Update(Sim.Now, _open);
        if (!r.DbCounted && Model.InCohort(r.Start)) _created++;
        r.DbCounted = true;
        // The database's side of the handshake (fork, authentication) loads its cores without blocking the request further.
        if (s.Database.ConnectCpuSeconds > 0) Model.Database.Submit(s.Database.ConnectCpuSeconds, this, KIgnore, 0);
        double connect = s.DbConnections.ConnectTimeSeconds.Sample(Model.RandomOf(slot));
        Model.BeginSegment(slot, BreakdownCategory.DbConnect, connect);
        Sim.Schedule(connect, this, KConnectNetDone, Model.TagOf(slot));
        return true;
    }

    private void Close(ref double openedAt)
    {
        openedAt = double.NaN;
        _open--;
        _openTw.Update(Sim.Now, _open);
    }

    private void CloseRequestConnection(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (!r.HoldsRequestConn) return;
        r.HoldsRequestConn = false;
        _open--;
        _openTw.Update(Sim.Now, _open);
    }
}
