using Sim.Kernel;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack.Stations;

/// <summary>
/// gunicorn, one pool per server: N workers (the slots of a <see cref="SlotQueue"/>) and the listen backlog (its
/// waiting line; full → 503). A worker runs the request's steps; the request timeout kills the worker (504), which
/// takes its restart time before it serves again. Which idle worker takes a request is <see cref="WorkerDispatch"/>;
/// the backlog is served first come, first served whatever the policy. Per-worker utilization and the backlog's
/// length are measured here.
/// </summary>
internal sealed class WorkerPoolStation : Station
{
    /// <summary>The worker of a request that holds none.</summary>
    public const int NoWorker = -1;

    private const int KTimeout = 0, KRestarted = 1;

    private readonly int _workersPerServer;
    private readonly SlotQueue[] _slots;             // per server: its workers, and its listen backlog as the waiting line
    private readonly WorkerDispatch _dispatch;
    private readonly RingQueue<long>[] _freeWorkers; // per server, longestIdle: idle workers, longest idle first
    private readonly Stack<int>[] _idleStack;        // per server, mostRecentlyIdle: idle workers, most recently idle on top
    private readonly PriorityQueue<int, int>[] _idleByIndex; // per server, lowestIndex: idle workers by index
    private readonly int[] _workerRequest;           // server*W + w → request slot or NoWorker
    private readonly TimeWeighted[] _busy;           // per worker
    private readonly TimeWeighted[] _backlogLength;  // per server
    private int _maxBacklog;

    public WorkerPoolStation(StackModel model) : base(model, "workers")
    {
        int servers = model.Scenario.LoadBalancer.Servers;
        _workersPerServer = model.Scenario.Workers.Count;
        _slots = new SlotQueue[servers];
        _dispatch = model.Scenario.Workers.Dispatch;
        _freeWorkers = new RingQueue<long>[servers];
        _idleStack = new Stack<int>[servers];
        _idleByIndex = new PriorityQueue<int, int>[servers];
        _backlogLength = new TimeWeighted[servers];
        int workers = servers * _workersPerServer;
        _workerRequest = new int[workers];
        _busy = new TimeWeighted[workers];
        for (int s = 0; s < servers; s++)
        {
            _slots[s] = new SlotQueue(_workersPerServer);
            _freeWorkers[s] = new RingQueue<long>();
            _idleStack[s] = new Stack<int>();
            _idleByIndex[s] = new PriorityQueue<int, int>();
            _backlogLength[s] = new TimeWeighted(Sim.Now);
            // At the start worker 0 is the first pick under every policy (for the stack: pushed last).
            for (int w = 0; w < _workersPerServer; w++) _freeWorkers[s].Enqueue(s * _workersPerServer + w);
            for (int w = _workersPerServer - 1; w >= 0; w--) _idleStack[s].Push(s * _workersPerServer + w);
            for (int w = 0; w < _workersPerServer; w++) _idleByIndex[s].Enqueue(s * _workersPerServer + w, w);
        }
        for (int w = 0; w < workers; w++)
        {
            _workerRequest[w] = NoWorker;
            _busy[w] = new TimeWeighted(Sim.Now);
        }
    }

    /// <summary>Workers over all servers.</summary>
    public int WorkerCount => _busy.Length;

    /// <summary>The longest backlog of one server seen in the window.</summary>
    public int MaxBacklog => _maxBacklog;

    /// <summary>Requests in all servers' backlogs now.</summary>
    public int BacklogNow
    {
        get
        {
            int waiting = 0;
            for (int s = 0; s < _slots.Length; s++) waiting += _slots[s].Waiting;
            return waiting;
        }
    }

    /// <summary>Workers serving a request now (a worker restarting after a kill is not busy).</summary>
    public double BusyNow
    {
        get
        {
            double busy = 0;
            for (int w = 0; w < _busy.Length; w++) busy += _busy[w].Current;
            return busy;
        }
    }

    /// <summary>The request reaches gunicorn's listen socket: a free worker takes it, or it waits in the backlog, or the backlog is full (503).</summary>
    public override bool Accept(int slot)
    {
        int server = Model.Request(slot).Server;
        ref SlotQueue workers = ref _slots[server];
        if (workers.TryAcquire())
        {
            StartOnWorker(slot, TakeIdle(server));
            return true;
        }
        if (workers.Waiting >= Model.Scenario.Workers.Backlog)
        {
            Model.Fail(slot, ErrorKind.BacklogFull);
            return true;
        }
        workers.Enqueue(Model.TagOf(slot));
        _backlogLength[server].Update(Sim.Now, workers.Waiting);
        if (workers.Waiting > _maxBacklog) _maxBacklog = workers.Waiting;
        Model.BeginSegment(slot, BreakdownCategory.WorkerQueue, 0);
        Model.Clients.Queued(slot);
        return true;
    }

    /// <summary>Takes a request that waits in its server's backlog out of it (its client abandons); false when it is not waiting there.</summary>
    public bool RemoveWaiting(int slot)
    {
        int server = Model.Request(slot).Server;
        ref SlotQueue workers = ref _slots[server];
        if (!workers.Remove(Model.TagOf(slot))) return false;
        _backlogLength[server].Update(Sim.Now, workers.Waiting);
        return true;
    }

    /// <summary>The request failed: a worker it still holds is released.</summary>
    public override void Release(int slot)
    {
        if (Model.Request(slot).Worker != NoWorker) ReleaseWorker(slot);
    }

    /// <summary>The request no longer needs its worker (response handed to nginx, or done): per-request DB state is closed and the worker serves the backlog.</summary>
    public void ReleaseWorker(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (r.Worker == NoWorker) return;
        Sim.Cancel(r.Timeout);
        int worker = r.Worker;
        r.Worker = NoWorker;
        Model.Clients.WorkerReleased(slot, Sim.Now - r.WorkerStart);
        Model.DbConnections.WorkerReleased(slot, worker);
        WorkerFreed(worker);
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "busy_count", BusyNow));
        metrics.Add(new StationMetric(Name, "backlog_count", BacklogNow));
        metrics.Add(new StationMetric(Name, "backlog_max_count", _maxBacklog));
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        switch (kind)
        {
            case KRestarted: WorkerFreed((int)data); break;
            case KTimeout:
                int slot = Model.Live(data);
                if (slot >= 0) TimedOut(slot);
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => kind switch { KTimeout => "Timeout", KRestarted => "WorkerRestarted", _ => base.KindName(kind) };

    public override void ResetStatistics()
    {
        double now = Sim.Now;
        _maxBacklog = 0;
        for (int s = 0; s < _slots.Length; s++) _maxBacklog = Math.Max(_maxBacklog, _slots[s].Waiting);
        foreach (TimeWeighted t in _busy) t.Reset(now);
        foreach (TimeWeighted t in _backlogLength) t.Reset(now);
    }

    /// <summary>Each worker's utilization from the window's start to now (0 for an empty window).</summary>
    public double[] PerWorkerUtilization(bool any)
    {
        double now = Sim.Now;
        var perWorker = new double[_busy.Length];
        for (int w = 0; w < perWorker.Length; w++) perWorker[w] = any ? _busy[w].Mean(now) : 0;
        return perWorker;
    }

    /// <summary>The backlog's time-average length, summed over servers, from the window's start to now.</summary>
    public double BacklogMean(bool any)
    {
        double now = Sim.Now, mean = 0;
        foreach (TimeWeighted t in _backlogLength) mean += any ? t.Mean(now) : 0;
        return mean;
    }

    private void StartOnWorker(int slot, int worker)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (r.Segment == (int)BreakdownCategory.WorkerQueue) Model.EndSegment(slot);
        Model.Clients.Served(slot);
        r.Worker = worker;
        r.WorkerStart = Sim.Now;
        _workerRequest[worker] = slot;
        _busy[worker].Update(Sim.Now, 1);
        r.Timeout = Sim.Schedule(Model.Scenario.Workers.TimeoutSeconds, this, KTimeout, Model.TagOf(slot));
        r.Pc = 0;
        Model.RunSteps(slot);
    }

    /// <summary>A worker became free (request done, or restarted after a kill): serve the backlog.</summary>
    private void WorkerFreed(int worker)
    {
        int server = worker / _workersPerServer;
        _workerRequest[worker] = NoWorker;
        _busy[worker].Update(Sim.Now, 0);
        ref SlotQueue workers = ref _slots[server];
        if (workers.Release(Model, out int slot))
        {
            _backlogLength[server].Update(Sim.Now, workers.Waiting);
            StartOnWorker(slot, worker);
            return;
        }
        switch (_dispatch)
        {
            case WorkerDispatch.MostRecentlyIdle: _idleStack[server].Push(worker); break;
            case WorkerDispatch.LowestIndex: _idleByIndex[server].Enqueue(worker, worker); break;
            default: _freeWorkers[server].Enqueue(worker); break;
        }
    }

    /// <summary>The idle worker of <paramref name="server"/> that takes a request, by the pool's dispatch policy (the caller holds a free slot, so one is idle).</summary>
    private int TakeIdle(int server) => _dispatch switch
    {
        WorkerDispatch.MostRecentlyIdle => _idleStack[server].Pop(),
        WorkerDispatch.LowestIndex => _idleByIndex[server].Dequeue(),
        _ => (int)_freeWorkers[server].Dequeue(),
    };

    private void TimedOut(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (r.Worker == NoWorker) return;
        // gunicorn kills the worker: its persistent DB connection dies with it.
        int worker = r.Worker;
        r.Worker = NoWorker;
        Model.Clients.WorkerReleased(slot, Sim.Now - r.WorkerStart);
        Model.DbConnections.WorkerKilled(worker);
        _workerRequest[worker] = NoWorker;
        _busy[worker].Update(Sim.Now, 0);
        Sim.Schedule(Model.Scenario.Workers.RestartTimeSeconds, this, KRestarted, worker);
        Model.Fail(slot, ErrorKind.Timeout);
    }
}
