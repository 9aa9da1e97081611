using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack.Stations;

namespace Sim.Stack;

public sealed partial class StackModel
{
    private struct Request
    {
        public int Generation;
        public bool Live;
        public bool IsTask;
        public int Class;
        public int Server;
        public int Pc;
        public int Worker;
        public int User;            // closed load: the user; −1 for open load and tasks
        public ulong Key;           // the request's random key: its own stream, and the substreams of decisions made for it
        public ulong ParentKey;     // a task: the key of the request that published it
        public double Start;        // intended start (arrival or end of think time)
        public double SegmentStart; // when the current breakdown segment began
        public int Segment;         // its category
        public double SegmentWork;  // the service part of the segment (CPU or query work)
        public double Body;         // uncompressed response bytes
        public double TransferEnd;  // when the client has the whole response
        public int QueriesLeft;
        public DbStep? Db;
        public bool HoldsProxy, HoldsRequestConn, HoldsPoolConn, WaitingForPool, WaitingForCache;
        public bool DbCounted;      // the request's connection (new or reused) has been counted
        public bool CacheSet;       // the pending cache operation is a SET
        public double CacheDraw;    // the uniform drawn for the pending GET (fixed hit ratio)
        public int CacheKey;        // the key of the last GET (key-space model), −1 before any
        public EventHandle Timeout, PoolTimeout;
    }

    private static long Tag(int slot, int generation) => ((long)generation << 32) | (uint)slot;

    internal long TagOf(int slot) => Tag(slot, _req[slot].Generation);

    /// <summary>The slot of a tagged event, or −1 when the request it was for has ended (stale event).</summary>
    internal int Live(long data)
    {
        int slot = (int)(data & 0xFFFF_FFFF);
        return _req[slot].Live && _req[slot].Generation == (int)(data >> 32) ? slot : -1;
    }

    /// <summary>Whether a request (or task) that started at <paramref name="start"/> belongs to the window's cohort.</summary>
    private bool InCohort(double start) => start >= _windowStart && start < _windowEnd;

    /// <summary>Still inside the observation window (not draining): departures and time averages count.</summary>
    private bool WindowOpen => _frozen is null;

    /// <inheritdoc />
    public void Handle(Simulation simulation, int kind, long data)
    {
        switch (kind)
        {
            case KArrival: OnArrival(); break;
            case KThinkEnd: NewRequest((int)data); break;
            case KSample: Sample(); break;
            case KWorkerRestarted: WorkerFreed((int)data); break;
            case KCacheOpDone: CacheOpDone(data); break;
            case KIgnore: break;
            default:
                int slot = Live(data);
                if (slot >= 0) Continue(slot, kind);
                break;
        }
    }

    private void Continue(int slot, int kind)
    {
        ref Request r = ref _req[slot];
        switch (kind)
        {
            case KAtServer: AtServer(slot); break;
            case KHandshakeNetDone:
                EndSegment(slot);
                BeginSegment(slot, BreakdownCategory.Cpu, _s.Proxy.HandshakeCpu);
                _cpu[r.Server].Submit(_s.Proxy.HandshakeCpu, this, KHandshakeCpuDone, TagOf(slot));
                break;
            case KHandshakeCpuDone: EndSegment(slot); ProxyReady(slot); break;
            case KProxyReady: EndSegment(slot); AtBacklog(slot); break;
            case KProxyServed: EndSegment(slot); Deliver(slot); break;
            case KStepDone: EndSegment(slot); r.Pc++; RunSteps(slot); break;
            case KGzipDone: EndSegment(slot); Transfer(slot); break;
            case KTransferDone: EndSegment(slot); TransferDone(slot); break;
            case KWorkerReleasedMidTransfer:
                ReleaseWorker(slot);
                _sim.ScheduleAt(r.TransferEnd, this, KTransferDone, TagOf(slot));
                break;
            case KTimeout: TimedOut(slot); break;
            case KDbConnectNetDone:
                BeginSegment(slot, BreakdownCategory.DbConnect, _s.DbConnections.ConnectCpu, keepStart: true);
                _cpu[r.Server].Submit(_s.DbConnections.ConnectCpu, this, KDbConnected, TagOf(slot));
                break;
            case KDbConnected: EndSegment(slot); RunQuery(slot); break;
            case KQueryDone: EndSegment(slot); QueryDone(slot); break;
            case KPoolTimeout: PoolTimedOut(slot); break;
            case KTaskDelivered: TaskDelivered(slot); break;
            case KTaskStepDone: r.Pc++; RunTaskSteps(slot); break;
            case KTaskQueryDone: TaskQueryDone(slot); break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    // ---- breakdown ------------------------------------------------------------------------------

    private void BeginSegment(int slot, BreakdownCategory category, double work, bool keepStart = false)
    {
        ref Request r = ref _req[slot];
        if (!keepStart) r.SegmentStart = _sim.Now;
        r.Segment = (int)category;
        r.SegmentWork += work;
        if (!keepStart) r.SegmentWork = work;
    }

    private void EndSegment(int slot)
    {
        ref Request r = ref _req[slot];
        int i = slot * _breakdownElapsed.Length + r.Segment;
        _reqElapsed[i] += _sim.Now - r.SegmentStart;
        _reqService[i] += r.SegmentWork;
        r.SegmentStart = _sim.Now;
        r.SegmentWork = 0;
    }

    // ---- load -----------------------------------------------------------------------------------

    private void ScheduleNextArrival()
    {
        OpenLoad open = _s.Load.Open!;
        if (open.Profile.Count == 0)
        {
            // A rate so small (1e-320/s: > 0, so valid) that the gap overflows to +∞ has no next arrival.
            double gap = open.Rate > 0 ? -Math.Log(_arrivalStream.NextOpenDouble()) / open.Rate : double.PositiveInfinity;
            if (double.IsFinite(gap)) _sim.Schedule(gap, this, KArrival);
            return;
        }
        // Non-homogeneous Poisson by thinning (Lewis and Shedler): candidates at the profile's peak
        // rate, each kept with probability rate(t) / peak.
        double peak = 0;
        foreach (RatePoint p in open.Profile) peak = Math.Max(peak, p.Rate);
        if (peak <= 0) return;
        double t = _sim.Now;
        // The load goes on past the window (the drain sees the same contention); past the profile's last point
        // the rate stays at its last value, so a last rate of 0 ends the arrivals there.
        RatePoint last = open.Profile[^1];
        while (true)
        {
            t += -Math.Log(_arrivalStream.NextOpenDouble()) / peak;
            if (!double.IsFinite(t) || (t > last.At && last.Rate <= 0)) return;
            if (_arrivalStream.NextDouble() * peak < open.RateAt(t)) break;
        }
        _sim.ScheduleAt(t, this, KArrival);
    }

    private void OnArrival()
    {
        ScheduleNextArrival();
        NewRequest(-1);
    }

    private void NewRequest(int user)
    {
        int slot = OpenSlot(user, isTask: false);
        if (slot < 0) return;
        ref Request r = ref _req[slot];

        ulong requestKey = user < 0
            ? SplitMix64.Mix(_requestSeed ^ SplitMix64.Mix((ulong)_arrivalIndex++))
            : SplitMix64.Mix(_requestSeed ^ SplitMix64.Mix(((ulong)user << 32) | (ulong)_userRequestCount[user]++));
        RandomStream random = _reqRandom[slot];
        random.Reseed(requestKey);
        r.Key = requestKey;
        if (WindowOpen) _cohortInFlight++;

        double u = random.NextDouble();
        int c = 0;
        while (c < _classCumulative.Length - 1 && u >= _classCumulative[c]) c++;
        r.Class = c;
        r.Server = ChooseServer(requestKey);
        Routed?.Invoke(requestKey, r.Server);
        _inFlightPerServer[r.Server]++;
        if (WindowOpen) _arrivals++;
        _inSystem++;
        _inSystemTw.Update(_sim.Now, _inSystem);

        double toServer = _s.LoadBalancer.Latency + _s.Network.RoundTrip;
        BeginSegment(slot, BreakdownCategory.Network, toServer);
        _sim.Schedule(toServer, this, KAtServer, TagOf(slot));
    }

    /// <summary>
    /// Takes a slot for a new request or task and resets its state; −1 when the in-flight cap is
    /// reached, in which case the run is stopped as unstable (the offered load exceeds what the
    /// stack serves). The caller seeds the slot's random stream.
    /// </summary>
    private int OpenSlot(int user, bool isTask)
    {
        int slot = TakeSlot();
        if (slot < 0)
        {
            // In the window this is an overload; in the drain the cohort still in flight is censored.
            if (WindowOpen) _unstable = true;
            _sim.Stop();
            return -1;
        }
        ref Request r = ref _req[slot];
        r.Generation++;
        r.Live = true;
        r.IsTask = isTask;
        r.User = user;
        r.Worker = NoWorker;
        r.Pc = 0;
        r.Body = 0;
        r.Db = null;
        r.CacheKey = -1;
        r.HoldsProxy = r.HoldsRequestConn = r.HoldsPoolConn = r.WaitingForPool = r.WaitingForCache = r.DbCounted = false;
        r.Timeout = r.PoolTimeout = EventHandle.None;
        r.Start = _sim.Now;
        Array.Clear(_reqElapsed, slot * _breakdownElapsed.Length, _breakdownElapsed.Length);
        Array.Clear(_reqService, slot * _breakdownElapsed.Length, _breakdownElapsed.Length);
        _reqRandom[slot] ??= new RandomStream(0);
        return slot;
    }

    /// <summary>The server for a request; random policies draw from the request's own load-balancer substream.</summary>
    private int ChooseServer(ulong requestKey)
    {
        int k = _servers;
        if (k == 1) return 0;
        switch (_s.LoadBalancer.Policy)
        {
            case BalancingPolicy.RoundRobin:
                int next = _roundRobin;
                _roundRobin = (_roundRobin + 1) % k;
                return next;
            case BalancingPolicy.LeastConnections:
                // Fewest in flight; ties go round-robin (as HAProxy's leastconn does), not always to server 0.
                int start = _roundRobin;
                _roundRobin = (_roundRobin + 1) % k;
                int best = start;
                for (int j = 1; j < k; j++)
                {
                    int i = (start + j) % k;
                    if (_inFlightPerServer[i] < _inFlightPerServer[best]) best = i;
                }
                return best;
            case BalancingPolicy.Random:
                return DecisionStream(_lbSeed, requestKey).NextInt(k);
            default:
                RandomStream pick = DecisionStream(_lbSeed, requestKey);
                int a = pick.NextInt(k);
                int b = pick.NextInt(k - 1);
                if (b >= a) b++;
                return _inFlightPerServer[b] < _inFlightPerServer[a] ? b : a;
        }
    }

    /// <summary>A one-shot stream for a decision made for one request: the same request gets the same numbers in every phase.</summary>
    private RandomStream DecisionStream(ulong seed, ulong requestKey)
    {
        _decisionScratch.Reseed(SplitMix64.Mix(seed ^ requestKey));
        return _decisionScratch;
    }

    // ---- proxy ----------------------------------------------------------------------------------

    private void AtServer(int slot)
    {
        ref Request r = ref _req[slot];
        EndSegment(slot);
        if (_proxyConnections[r.Server] >= _s.Proxy.MaxConnections)
        {
            Fail(slot, ErrorKind.ProxyConnections);
            return;
        }
        _proxyConnections[r.Server]++;
        r.HoldsProxy = true;
        if (!_s.Proxy.ClientKeepalive)
        {
            double handshake = _s.Proxy.Handshake.Sample(_reqRandom[slot]);
            BeginSegment(slot, BreakdownCategory.Network, handshake);
            _sim.Schedule(handshake, this, KHandshakeNetDone, TagOf(slot));
            return;
        }
        ProxyReady(slot);
    }

    private void ProxyReady(int slot)
    {
        ref Request r = ref _req[slot];
        RandomStream random = _reqRandom[slot];
        bool fromCache = random.NextDouble() < _s.Proxy.StaticHitRatio; // drawn always: same draws in every phase
        if (_s.Classes[r.Class].StaticAtProxy || fromCache)
        {
            r.Body = ResponseSize(r.Class, random);
            double serve = _s.Proxy.ServiceTime.Sample(random);
            BeginSegment(slot, BreakdownCategory.Proxy, serve);
            _sim.Schedule(serve, this, KProxyServed, TagOf(slot));
            return;
        }
        if (!_s.Proxy.UpstreamKeepalive)
        {
            double connect = _s.Proxy.UpstreamConnect.Sample(random);
            BeginSegment(slot, BreakdownCategory.Network, connect);
            _sim.Schedule(connect, this, KProxyReady, TagOf(slot));
            return;
        }
        AtBacklog(slot);
    }

    private double ResponseSize(int classIndex, RandomStream random)
    {
        foreach (Step step in _classSteps[classIndex])
            if (step is RespondStep respond) return respond.Size.Sample(random);
        return 0;
    }

    // ---- workers --------------------------------------------------------------------------------

    private void AtBacklog(int slot)
    {
        int server = _req[slot].Server;
        ref SlotQueue workers = ref _workerSlots[server];
        if (workers.TryAcquire())
        {
            StartOnWorker(slot, (int)_freeWorkers[server].Dequeue());
            return;
        }
        if (workers.Waiting >= _s.Workers.Backlog)
        {
            Fail(slot, ErrorKind.BacklogFull);
            return;
        }
        workers.Enqueue(TagOf(slot));
        _backlogLength[server].Update(_sim.Now, workers.Waiting);
        if (workers.Waiting > _maxBacklog) _maxBacklog = workers.Waiting;
        BeginSegment(slot, BreakdownCategory.WorkerQueue, 0);
    }

    private void StartOnWorker(int slot, int worker)
    {
        ref Request r = ref _req[slot];
        if (r.Segment == (int)BreakdownCategory.WorkerQueue) EndSegment(slot);
        r.Worker = worker;
        _workerRequest[worker] = slot;
        _workerBusy[worker].Update(_sim.Now, 1);
        r.Timeout = _sim.Schedule(_s.Workers.Timeout, this, KTimeout, TagOf(slot));
        r.Pc = 0;
        RunSteps(slot);
    }

    /// <summary>A worker became free (request done, or restarted after a kill): serve the backlog.</summary>
    private void WorkerFreed(int worker)
    {
        int server = worker / _workersPerServer;
        _workerRequest[worker] = NoWorker;
        _workerBusy[worker].Update(_sim.Now, 0);
        ref SlotQueue workers = ref _workerSlots[server];
        if (workers.Release(this, out int slot))
        {
            _backlogLength[server].Update(_sim.Now, workers.Waiting);
            StartOnWorker(slot, worker);
            return;
        }
        _freeWorkers[server].Enqueue(worker);
    }

    private void ReleaseWorker(int slot)
    {
        ref Request r = ref _req[slot];
        if (r.Worker == NoWorker) return;
        _sim.Cancel(r.Timeout);
        int worker = r.Worker;
        r.Worker = NoWorker;
        CloseRequestConnection(slot);
        CloseExpiredPersistent(worker);
        WorkerFreed(worker);
    }

    private void TimedOut(int slot)
    {
        ref Request r = ref _req[slot];
        if (r.Worker == NoWorker) return;
        // gunicorn kills the worker: its persistent DB connection dies with it.
        int worker = r.Worker;
        r.Worker = NoWorker;
        if (!double.IsNaN(_workerConnOpenedAt[worker])) CloseConnection(ref _workerConnOpenedAt[worker]);
        _workerRequest[worker] = NoWorker;
        _workerBusy[worker].Update(_sim.Now, 0);
        _sim.Schedule(_s.Workers.RestartTime, this, KWorkerRestarted, worker);
        Fail(slot, ErrorKind.Timeout);
    }

    // ---- steps ----------------------------------------------------------------------------------

    private void RunSteps(int slot)
    {
        ref Request r = ref _req[slot];
        Step[] steps = _classSteps[r.Class];
        RandomStream random = _reqRandom[slot];
        while (r.Pc < steps.Length)
        {
            switch (steps[r.Pc])
            {
                case CpuStep cpu:
                    double work = cpu.Work.Sample(random);
                    BeginSegment(slot, BreakdownCategory.Cpu, work);
                    _cpu[r.Server].Submit(work, this, KStepDone, TagOf(slot));
                    return;
                case CacheGetStep:
                    r.CacheDraw = random.NextDouble();
                    if (!_s.Cache.Enabled)
                    {
                        r.Pc++;
                        continue;
                    }
                    r.CacheSet = false;
                    if (!CacheBegin(slot)) continue;
                    return;
                case CacheSetStep:
                    if (!_s.Cache.Enabled)
                    {
                        r.Pc++;
                        continue;
                    }
                    r.CacheSet = true;
                    if (!CacheBegin(slot)) continue;
                    return;
                case DbStep db:
                    r.Db = db;
                    r.QueriesLeft = db.Queries;
                    if (!DbBegin(slot)) return; // failed or waiting
                    RunQuery(slot);
                    return;
                case ExternalCallStep external:
                    double latency = external.Latency.Sample(random);
                    BeginSegment(slot, BreakdownCategory.External, latency);
                    _sim.Schedule(latency, this, KStepDone, TagOf(slot));
                    return;
                case EnqueueStep enqueue:
                    if (random.NextDouble() < enqueue.Probability)
                    {
                        PublishTask(r.Key, r.Pc);
                        r = ref _req[slot]; // publishing may have grown the slot arrays: refresh the reference
                    }
                    r.Pc++;
                    continue;
                case RespondStep respond:
                    r.Body = respond.Size.Sample(random);
                    r.Pc++;
                    continue;
                default:
                    throw new InvalidOperationException($"Unknown step {steps[r.Pc]}.");
            }
        }
        Deliver(slot);
    }

    // ---- response -------------------------------------------------------------------------------

    /// <summary>The body is produced. With buffering the worker is released now and nginx compresses and streams; without, the worker is held until the client has it all.</summary>
    private void Deliver(int slot)
    {
        if (_s.Proxy.Buffering) ReleaseWorker(slot);
        ref Request r = ref _req[slot];
        if (_s.Proxy.Gzip.Enabled && r.Body > 0)
        {
            double work = r.Body / 1e6 * _s.Proxy.Gzip.CpuPerMegabyte;
            BeginSegment(slot, BreakdownCategory.Cpu, work);
            _cpu[r.Server].Submit(work, this, KGzipDone, TagOf(slot));
            return;
        }
        Transfer(slot);
    }

    private void Transfer(int slot)
    {
        ref Request r = ref _req[slot];
        double wire = _s.Proxy.Gzip.Enabled ? r.Body * _s.Proxy.Gzip.Ratio : r.Body;
        double bandwidth = _s.Network.ClientBandwidth.Sample(_reqRandom[slot]); // bits/s; drawn always
        _bytesSent += wire;
        double seconds = wire <= 0 || double.IsPositiveInfinity(bandwidth) ? 0 : wire * 8 / bandwidth;
        BeginSegment(slot, BreakdownCategory.Transfer, seconds);
        r.TransferEnd = _sim.Now + seconds;
        if (r.Worker != NoWorker && _s.Proxy.SocketBuffer > 0)
        {
            // Without buffering the worker writes until the socket buffers hold the rest: it is
            // freed once the client has all but SocketBuffer bytes, then the download finishes.
            double held = Math.Max(0, wire - _s.Proxy.SocketBuffer) * 8 / bandwidth;
            if (held < seconds)
            {
                _sim.Schedule(held, this, KWorkerReleasedMidTransfer, TagOf(slot));
                return;
            }
        }
        _sim.Schedule(seconds, this, KTransferDone, TagOf(slot));
    }

    private void TransferDone(int slot)
    {
        ReleaseWorker(slot); // no-op when buffering released it already
        Complete(slot);
    }

    // ---- endings --------------------------------------------------------------------------------

    private void Complete(int slot)
    {
        ref Request r = ref _req[slot];
        double latency = _sim.Now - r.Start;
        if (WindowOpen)
        {
            _departed++;
            _departedServed++;
            _classDeparted[r.Class]++;
        }
        if (InCohort(r.Start))
        {
            _completed++;
            _classCompleted[r.Class]++;
            _latency.Record(latency);
            _latencyTally.Add(latency);
            _classLatency[r.Class].Record(latency);
            int n = _breakdownElapsed.Length;
            for (int i = 0; i < n; i++)
            {
                _breakdownElapsed[i] += _reqElapsed[slot * n + i];
                _breakdownService[i] += _reqService[slot * n + i];
            }
        }
        End(slot);
    }

    private void Fail(int slot, ErrorKind kind)
    {
        ref Request r = ref _req[slot];
        if (WindowOpen && kind is not (ErrorKind.ProxyConnections or ErrorKind.BacklogFull)) _departedServed++;
        if (InCohort(r.Start))
        {
            _failed++;
            _errors[(int)kind]++;
            _classErrors[r.Class]++;
        }
        if (r.Worker != NoWorker) ReleaseWorker(slot);
        End(slot);
    }

    private void End(int slot)
    {
        ref Request r = ref _req[slot];
        CloseRequestConnection(slot);
        ReleasePoolConnection(slot);
        if (r.HoldsProxy)
        {
            _proxyConnections[r.Server]--;
            r.HoldsProxy = false;
        }
        _inFlightPerServer[r.Server]--;
        _inSystem--;
        _inSystemTw.Update(_sim.Now, _inSystem);
        int user = r.User;
        bool cohort = InCohort(r.Start);
        if (cohort) _residence.Add(_sim.Now - r.Start); // every departure of the cohort, success or failure: W of Little's law
        r.Live = false;
        _sim.Cancel(r.Timeout);
        _sim.Cancel(r.PoolTimeout);
        _freeSlots[_freeCount++] = slot;
        if (user >= 0)
        {
            RandomStream think = UserThinkStream(user);
            _sim.Schedule(_s.Load.Closed!.ThinkTime.Sample(think), this, KThinkEnd, user);
        }
        if (cohort && --_cohortInFlight == 0 && !WindowOpen) _sim.Stop(); // the drain is over
    }
}
