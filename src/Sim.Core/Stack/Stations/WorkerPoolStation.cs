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
/// <para>Memory (docs/components/memory.md): each server's host holds its base memory, each worker's base and grown
/// memory, the memory of the requests in service and its share of WebSocket connections. Admitting a request that would
/// take it past <c>host.memoryLimit</c> makes the OOM killer kill the largest worker (the admitting one on a tie): its
/// request fails with <see cref="ErrorKind.OutOfMemory"/>, it restarts, its grown memory is returned. A worker that
/// has served <c>workers.maxRequests</c> is recycled the same way without an error.</para>
/// <para>Swap (<c>host.swap</c>): the killer acts only past limit + swap; while the memory in use exceeds the limit the
/// host swaps, and <see cref="SwapFactor"/> slows the CPU work submitted to it (<see cref="CpuStation.Submit"/>).</para>
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
    // The request timeout, one event per worker rather than one per request: a worker's timer waits for the deadline of
    // a request it served, and when it goes off early (that request is long gone) it moves on to the deadline of the
    // request the worker holds now. Deadlines only grow, so the timer is never late; a request that ends in time
    // schedules and cancels nothing.
    private readonly double[] _deadline;             // per worker: when the request it holds (or held last) times out
    private readonly bool[] _timerPending;           // per worker: its timer is in the calendar
    private readonly TimeWeighted[] _backlogLength;  // per server
    private int _maxBacklog;

    // ---- memory (only when the scenario uses it: a limit, growth, per-request memory or max_requests) ----
    private const byte Idle = 0, Busy = 1, Restarting = 2, Admitting = 3;
    private readonly bool _memory;                   // any of the above is set
    private readonly double? _limit;                 // host.memoryLimit, bytes
    private readonly double _growth;                 // workers.memoryGrowthPerRequest, bytes
    private readonly int _maxRequests;               // 0 = never recycled
    private readonly double[] _classMemory;          // per class, bytes
    private readonly byte[] _state;                  // per worker: Idle, Busy, Restarting, Admitting
    private readonly double[] _grown;                // per worker: memory grown since its process started, bytes
    private readonly double[] _held;                 // per worker: memory of the request in service, bytes
    private readonly int[] _served;                  // per worker: requests served since its process started
    private readonly double[] _hostUsed, _hostPeak;  // per server: memory in use now, and its peak in the window, bytes
    private readonly int[] _stackScratch;            // removing an idle worker from a mostRecentlyIdle stack
    private long _oomKills, _recycles;               // in the window
    private readonly double _swap, _swapSlowdown;    // host.swap, bytes (0: none); host.swapSlowdown, k
    private readonly TimeWeighted[] _swapUsed = [];  // per server, with swap: bytes past the limit (time average, peak)
    private readonly TimeWeighted[] _swapping = [];  // per server, with swap: 1 while anything is swapped out

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
        _deadline = new double[workers];
        _timerPending = new bool[workers];
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

        StackScenario sc = model.Scenario;
        _limit = sc.Host.MemoryLimitBytes;
        _growth = sc.Workers.MemoryGrowthPerRequestBytes;
        _maxRequests = sc.Workers.MaxRequests;
        _classMemory = new double[sc.Classes.Count];
        bool classMemory = false;
        for (int c = 0; c < _classMemory.Length; c++) classMemory |= (_classMemory[c] = sc.Classes[c].MemoryBytes) > 0;
        _memory = _limit is not null || _growth > 0 || _maxRequests > 0 || classMemory;
        _state = new byte[workers];
        _grown = new double[workers];
        _held = new double[workers];
        _served = new int[workers];
        _stackScratch = new int[_workersPerServer];
        _hostUsed = new double[servers];
        _hostPeak = new double[servers];
        for (int s = 0; s < servers; s++)
        {
            // WebSocket connections are spread over the servers as nginx holds them (ProxyStation).
            int webSockets = sc.WebSockets.Connections / servers + (s < sc.WebSockets.Connections % servers ? 1 : 0);
            _hostUsed[s] = _hostPeak[s] = sc.Host.BaseMemoryBytes + _workersPerServer * sc.Workers.MemoryPerWorkerBytes
                                          + webSockets * sc.WebSockets.MemoryPerConnectionBytes;
        }
        _swap = _limit is null ? 0 : sc.Host.SwapBytes;
        _swapSlowdown = sc.Host.SwapSlowdown;
        if (_swap > 0)
        {
            _swapUsed = new TimeWeighted[servers];
            _swapping = new TimeWeighted[servers];
            for (int s = 0; s < servers; s++)
            {
                double excess = Math.Max(0, _hostUsed[s] - _limit!.Value);
                _swapUsed[s] = new TimeWeighted(Sim.Now, excess);
                _swapping[s] = new TimeWeighted(Sim.Now, excess > 0 ? 1 : 0);
            }
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
        int worker = r.Worker;
        r.Worker = NoWorker;
        Model.Clients.WorkerReleased(slot, Sim.Now - r.WorkerStart);
        Model.DbConnections.WorkerReleased(slot, worker);
        if (_memory)
        {
            FreeHeld(worker);
            if (_maxRequests > 0 && ++_served[worker] >= _maxRequests)
            {
                // gunicorn's max_requests: the worker exits after this request and the arbiter starts a new one.
                if (Model.WindowOpen) _recycles++;
                Model.DbConnections.WorkerKilled(worker);
                EndProcess(worker);
                return;
            }
            _state[worker] = Idle;
        }
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
            case KRestarted:
                if (_memory) _state[(int)data] = Idle;
                WorkerFreed((int)data);
                break;
            case KTimeout:
                int w = (int)data;
                _timerPending[w] = false;
                int slot = _workerRequest[w];
                if (slot == NoWorker) break; // idle or restarting: the next request's start arms the timer
                if (_deadline[w] > Sim.Now)
                {
                    // The request this timer was set for has ended; the one the worker holds now times out later.
                    ArmTimer(w);
                    break;
                }
                TimedOut(slot);
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => kind switch { KTimeout => "Timeout", KRestarted => "WorkerRestarted", _ => base.KindName(kind) };

    public override void ResetStatistics()
    {
        double now = Sim.Now;
        _oomKills = _recycles = 0;
        Array.Copy(_hostUsed, _hostPeak, _hostUsed.Length);
        _maxBacklog = 0;
        for (int s = 0; s < _slots.Length; s++) _maxBacklog = Math.Max(_maxBacklog, _slots[s].Waiting);
        foreach (TimeWeighted t in _busy) t.Reset(now);
        foreach (TimeWeighted t in _backlogLength) t.Reset(now);
        foreach (TimeWeighted t in _swapUsed) t.Reset(now);
        foreach (TimeWeighted t in _swapping) t.Reset(now);
    }

    /// <summary>True when the hosts have swap (<c>host.swap</c> &gt; 0 with a memory limit).</summary>
    public bool HasSwap => _swap > 0;

    /// <summary>
    /// How much slower CPU work submitted to server <paramref name="server"/>'s host runs now: 1 + k × (memory in use −
    /// limit) ÷ limit while the host swaps, 1 otherwise (and always without swap).
    /// </summary>
    public double SwapFactor(int server)
    {
        if (_swap <= 0) return 1;
        double excess = _hostUsed[server] - _limit!.Value;
        return excess > 0 ? 1 + _swapSlowdown * excess / _limit.Value : 1;
    }

    /// <summary>Swap in use on one host, bytes, from the window's start to now: the time average, mean over servers, and the largest on one server (NaN, NaN without swap).</summary>
    public (double Mean, double Peak) SwapInUse(bool any)
    {
        if (_swap <= 0) return (double.NaN, double.NaN);
        double now = Sim.Now, mean = 0, peak = 0;
        foreach (TimeWeighted t in _swapUsed)
        {
            mean += any ? t.Mean(now) : t.Current;
            peak = Math.Max(peak, t.Max);
        }
        return (mean / _swapUsed.Length, peak);
    }

    /// <summary>The fraction of the window the hosts were swapping (anything past the limit), mean over servers; NaN without swap.</summary>
    public double SwappingFraction(bool any)
    {
        if (_swap <= 0) return double.NaN;
        double now = Sim.Now, sum = 0;
        foreach (TimeWeighted t in _swapping) sum += any ? t.Mean(now) : t.Current;
        return sum / _swapping.Length;
    }

    /// <summary>Workers the OOM killer killed since the window started.</summary>
    public long OomKills => _oomKills;

    /// <summary>Workers recycled after <c>workers.maxRequests</c> since the window started.</summary>
    public long Recycles => _recycles;

    /// <summary>The most memory one server's host had in use at once since the window started, bytes (the largest over servers).</summary>
    public double HostMemoryPeak
    {
        get
        {
            double peak = 0;
            foreach (double p in _hostPeak) peak = Math.Max(peak, p);
            return peak;
        }
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
        if (_memory && !Admit(slot, worker)) return;
        ref StackRequest r = ref Model.Request(slot);
        if (r.Segment == (int)BreakdownCategory.WorkerQueue) Model.EndSegment(slot);
        Model.Clients.Served(slot);
        r.Worker = worker;
        r.WorkerStart = Sim.Now;
        _workerRequest[worker] = slot;
        _busy[worker].Update(Sim.Now, 1);
        _deadline[worker] = Sim.Now + Model.Scenario.Workers.TimeoutSeconds; // the time a timeout event scheduled now would have
        if (!_timerPending[worker]) ArmTimer(worker);
        r.Pc = 0;
        Model.RunSteps(slot);
    }

    /// <summary>Puts <paramref name="worker"/>'s timer in the calendar at the deadline of its request.</summary>
    private void ArmTimer(int worker)
    {
        _timerPending[worker] = true;
        Sim.ScheduleAt(_deadline[worker], this, KTimeout, worker);
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
        if (_memory)
        {
            FreeHeld(worker);
            EndProcess(worker);
        }
        else
        {
            _workerRequest[worker] = NoWorker;
            _busy[worker].Update(Sim.Now, 0);
            Sim.Schedule(Model.Scenario.Workers.RestartTimeSeconds, this, KRestarted, worker);
        }
        Model.Fail(slot, ErrorKind.Timeout);
    }

    // ---- memory ---------------------------------------------------------------------------------

    /// <summary>
    /// The request in <paramref name="slot"/> is about to start on <paramref name="worker"/> (taken from the idle ones,
    /// its slot held): its memory and the worker's growth are taken from the host's, after the OOM killer has killed
    /// the largest workers until they fit. False when the killer chose <paramref name="worker"/> itself: the request has
    /// failed and the worker is restarting.
    /// </summary>
    private bool Admit(int slot, int worker)
    {
        int server = worker / _workersPerServer;
        double need = _classMemory[Model.Request(slot).Class] + _growth;
        _state[worker] = Admitting; // failing a victim may admit other requests meanwhile; none may pick this worker
        while (_limit is { } limit && _hostUsed[server] + need > limit + _swap)
        {
            // The OOM killer's choice: the largest worker process (all share the base per-worker memory, so by grown +
            // held memory), the admitting one counted with what it is asking for and chosen on a tie. A worker
            // restarting holds nothing beyond its base and is never chosen.
            int victim = worker;
            double largest = _grown[worker] + need;
            int first = server * _workersPerServer;
            for (int v = first; v < first + _workersPerServer; v++)
            {
                if (_state[v] is Idle or Busy && _grown[v] + _held[v] > largest)
                {
                    victim = v;
                    largest = _grown[v] + _held[v];
                }
            }
            if (Model.WindowOpen) _oomKills++;
            if (victim == worker)
            {
                Model.DbConnections.WorkerKilled(worker);
                EndProcess(worker);
                Model.Fail(slot, ErrorKind.OutOfMemory);
                return false;
            }
            KillVictim(victim);
        }
        _state[worker] = Busy;
        _grown[worker] += _growth;
        _held[worker] = need - _growth;
        _hostUsed[server] += need;
        if (_hostUsed[server] > _hostPeak[server]) _hostPeak[server] = _hostUsed[server];
        if (_swap > 0) SwapChanged(server);
        return true;
    }

    /// <summary>The memory in use on <paramref name="server"/> changed: the swap in use and whether it swaps are updated.</summary>
    private void SwapChanged(int server)
    {
        double excess = Math.Max(0, _hostUsed[server] - _limit!.Value);
        _swapUsed[server].Update(Sim.Now, excess);
        _swapping[server].Update(Sim.Now, excess > 0 ? 1 : 0);
    }

    /// <summary>The OOM killer kills <paramref name="victim"/>, busy or idle: its request (if any) fails, and it restarts.</summary>
    private void KillVictim(int victim)
    {
        int slot = _workerRequest[victim];
        if (_state[victim] == Idle)
        {
            // An idle worker leaves the idle ones and holds its slot while it restarts, as a killed busy one does.
            int server = victim / _workersPerServer;
            RemoveIdle(server, victim);
            if (!_slots[server].TryAcquire()) throw new InvalidOperationException("An idle worker without a free slot.");
        }
        Model.DbConnections.WorkerKilled(victim);
        FreeHeld(victim);
        EndProcess(victim);
        if (slot == NoWorker) return;
        ref StackRequest r = ref Model.Request(slot);
        Model.Clients.WorkerReleased(slot, Sim.Now - r.WorkerStart);
        r.Worker = NoWorker;
        Model.Fail(slot, ErrorKind.OutOfMemory);
    }

    /// <summary>The request memory <paramref name="worker"/> holds is returned to its host.</summary>
    private void FreeHeld(int worker)
    {
        _hostUsed[worker / _workersPerServer] -= _held[worker];
        _held[worker] = 0;
        if (_swap > 0) SwapChanged(worker / _workersPerServer);
    }

    /// <summary>
    /// <paramref name="worker"/>'s process ends (killed or recycled; its request memory already returned): its grown
    /// memory is returned and it is unavailable for the restart time, after which it serves again.
    /// </summary>
    private void EndProcess(int worker)
    {
        _hostUsed[worker / _workersPerServer] -= _grown[worker];
        _grown[worker] = 0;
        if (_swap > 0) SwapChanged(worker / _workersPerServer);
        _served[worker] = 0;
        _state[worker] = Restarting;
        _workerRequest[worker] = NoWorker;
        _busy[worker].Update(Sim.Now, 0);
        Sim.Schedule(Model.Scenario.Workers.RestartTimeSeconds, this, KRestarted, worker);
    }

    /// <summary>Takes <paramref name="worker"/> out of its server's idle workers, keeping the others' order (rare: an OOM kill of an idle worker).</summary>
    private void RemoveIdle(int server, int worker)
    {
        switch (_dispatch)
        {
            case WorkerDispatch.MostRecentlyIdle:
                Stack<int> stack = _idleStack[server];
                int n = 0;
                while (stack.Count > 0)
                {
                    int w = stack.Pop();
                    if (w != worker) _stackScratch[n++] = w;
                }
                for (int i = n - 1; i >= 0; i--) stack.Push(_stackScratch[i]);
                break;
            case WorkerDispatch.LowestIndex:
                _idleByIndex[server].Remove(worker, out _, out _);
                break;
            default:
                RingQueue<long> queue = _freeWorkers[server];
                for (int i = queue.Count; i > 0; i--)
                {
                    long w = queue.Dequeue();
                    if (w != worker) queue.Enqueue(w);
                }
                break;
        }
    }
}
