using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Stack.Stations;

namespace Sim.Stack;

public sealed partial class StackModel
{
    private static long Tag(int slot, int generation) => ((long)generation << 32) | (uint)slot;

    /// <summary>The tag of the request in <paramref name="slot"/>: its slot and generation, the data of its events and of its places in waiting lines.</summary>
    internal long TagOf(int slot) => Tag(slot, _req[slot].Generation);

    /// <summary>The slot of a tagged event, or −1 when the request it was for has ended (stale event).</summary>
    internal int Live(long data)
    {
        int slot = (int)(data & 0xFFFF_FFFF);
        return _req[slot].Live && _req[slot].Generation == (int)(data >> 32) ? slot : -1;
    }

    /// <summary>Whether a request (or task) that started at <paramref name="start"/> belongs to the window's cohort.</summary>
    internal bool InCohort(double start) => start >= _windowStart && start < _windowEnd;

    /// <summary>Still inside the observation window (not draining): departures and time averages count.</summary>
    internal bool WindowOpen => _frozen is null;

    /// <inheritdoc />
    public void Handle(Simulation simulation, int kind, long data)
    {
        switch (kind)
        {
            case KArrival: OnArrival((int)data); break;
            case KThinkEnd: NewRequest((int)data); break;
            case KSample: Sample(); break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    // ---- breakdown ------------------------------------------------------------------------------

    /// <summary>Starts the request's next breakdown segment now (or, with <paramref name="keepStart"/>, adds service work to the current one).</summary>
    internal void BeginSegment(int slot, BreakdownCategory category, double work, bool keepStart = false)
    {
        ref StackRequest r = ref _req[slot];
        if (!keepStart) r.SegmentStart = _sim.Now;
        r.Segment = (int)category;
        r.SegmentWork += work;
        if (!keepStart) r.SegmentWork = work;
    }

    /// <summary>As <see cref="BeginSegment"/>, the segment starting at <paramref name="at"/> (≤ now): a moment an event merged away (see <see cref="EndSegment(int, double)"/>).</summary>
    internal void BeginSegmentAt(int slot, BreakdownCategory category, double work, double at)
    {
        ref StackRequest r = ref _req[slot];
        r.SegmentStart = at;
        r.Segment = (int)category;
        r.SegmentWork = work;
    }

    /// <summary>Ends the request's current breakdown segment now: its elapsed time and service work are added to the request's breakdown.</summary>
    internal void EndSegment(int slot) => EndSegment(slot, _sim.Now);

    /// <summary>
    /// As <see cref="EndSegment(int)"/>, the segment ending at <paramref name="at"/> (≤ now): for a moment of the request
    /// that was not an event of its own because nothing else could observe it (two pure delays merged into one event),
    /// accounted exactly as that event would have.
    /// </summary>
    internal void EndSegment(int slot, double at)
    {
        ref StackRequest r = ref _req[slot];
        int i = slot * _breakdownElapsed.Length + r.Segment;
        _reqElapsed[i] += at - r.SegmentStart;
        _reqService[i] += r.SegmentWork;
        r.SegmentStart = at;
        r.SegmentWork = 0;
    }

    // ---- load -----------------------------------------------------------------------------------

    private void ScheduleNextArrival(int population)
    {
        OpenLoad open = _popOpen[population]!;
        RandomStream arrivals = _popArrivals[population];
        if (open.Trace is { Arrivals: { } trace } replay)
        {
            // Replay (load.open.trace only; a population cannot replay a log): the next record of the log at its start,
            // compressed by the speed; after the last, the next pass.
            if (_traceIndex == trace.Count)
            {
                if (!replay.Loop) return;
                _traceIndex = 0;
                _tracePass++;
            }
            double at = (_tracePass * trace.SpanSeconds + trace.StartSeconds(_traceIndex)) / replay.Speed;
            _pendingTraceClass = _traceClassMap[trace.ClassNameIndex(_traceIndex)];
            _traceIndex++;
            _sim.ScheduleAt(Math.Max(at, _sim.Now), this, KArrival, population);
            return;
        }
        if (open.Profile.Count == 0)
        {
            // A rate so small (1e-320/s: > 0, so valid) that the gap overflows to +∞ has no next arrival.
            double gap = open.RatePerSecond > 0 ? -Math.Log(arrivals.NextOpenDouble()) / open.RatePerSecond : double.PositiveInfinity;
            if (double.IsFinite(gap)) _sim.Schedule(gap, this, KArrival, population);
            return;
        }
        // Non-homogeneous Poisson by thinning (Lewis and Shedler): candidates at the profile's peak
        // rate, each kept with probability rate(t) / peak.
        double peak = 0;
        foreach (RatePoint p in open.Profile) peak = Math.Max(peak, p.RatePerSecond);
        if (peak <= 0) return;
        double t = _sim.Now;
        // The load goes on past the window (the drain sees the same contention); past the profile's last point
        // the rate stays at its last value, so a last rate of 0 ends the arrivals there.
        RatePoint last = open.Profile[^1];
        while (true)
        {
            t += -Math.Log(arrivals.NextOpenDouble()) / peak;
            if (!double.IsFinite(t) || (t > last.AtSeconds && last.RatePerSecond <= 0)) return;
            if (arrivals.NextDouble() * peak < open.RateAt(t)) break;
        }
        _sim.ScheduleAt(t, this, KArrival, population);
    }

    private void OnArrival(int population)
    {
        int traceClass = _pendingTraceClass;
        ScheduleNextArrival(population);
        NewRequest(-1, population, traceClass);
    }

    private void NewRequest(int user) => NewRequest(user, _popOpen.Length == 1 ? 0 : PopulationOf(user));

    /// <summary>
    /// A new request of <paramref name="user"/> (−1: an open arrival) of <paramref name="population"/>, of class
    /// <paramref name="forcedClass"/> when ≥ 0 (a replayed log's), else drawn by the population's mix.
    /// </summary>
    private void NewRequest(int user, int population, int forcedClass = -1)
    {
        int slot = OpenSlot(user, isTask: false);
        if (slot < 0) return;
        ref StackRequest r = ref _req[slot];

        ulong seed = _popRequestSeed[population];
        ulong requestKey = user < 0
            ? SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)_popArrivalIndex[population]++))
            : SplitMix64.Mix(seed ^ SplitMix64.Mix(((ulong)(user - _popUserOffset[population]) << 32) | (ulong)_userRequestCount[user]++));
        RandomStream random = _reqRandom[slot];
        random.Reseed(requestKey);
        r.Key = requestKey;
        if (WindowOpen) _cohortInFlight++;

        r.Population = population;
        double[] cumulative = _popCumulative[population];
        double u = random.NextDouble();
        int c = 0;
        while (c < cumulative.Length - 1 && u >= cumulative[c]) c++;
        r.Class = forcedClass >= 0 ? forcedClass : c;
        // A browser or CDN cache in front of the origin may answer it (classes[].cache).
        if (Edge.Active && Edge.Accept(slot)) return;
        // A load generator on the web host spends its CPU per request there (it loads the cores; the request does not wait for it).
        if (_generatorCpu > 0) Cpu.Load(CpuStation.WebHost, _generatorCpu, HostUser.Generator);
        LoadBalancer.Accept(slot);
        if (WindowOpen) _arrivals++;
        _inSystem++;
        _inSystemTw.Update(_sim.Now, _inSystem);
        LoadBalancer.Forward(slot);
        Clients.AttemptStarted(slot);
    }

    /// <summary>A retry's backoff is over (<see cref="ClientStation.Retry"/> prepared its slot): the attempt is sent as a new request is.</summary>
    internal void StartRetry(int slot)
    {
        _req[slot].AttemptStart = _sim.Now;
        LoadBalancer.Accept(slot);
        _inSystem++;
        _inSystemTw.Update(_sim.Now, _inSystem);
        LoadBalancer.Forward(slot);
        Clients.AttemptStarted(slot);
    }

    /// <summary>
    /// Takes a slot for a new request or task and resets its state; −1 when the in-flight cap is
    /// reached, in which case the run is stopped as unstable (the offered load exceeds what the
    /// stack serves). The caller seeds the slot's random stream.
    /// </summary>
    internal int OpenSlot(int user, bool isTask)
    {
        int slot = TakeSlot();
        if (slot < 0)
        {
            // In the window this is an overload; in the drain the cohort still in flight is censored.
            if (WindowOpen) _unstable = true;
            _sim.Stop();
            return -1;
        }
        ref StackRequest r = ref _req[slot];
        r.Generation++;
        r.Live = true;
        r.IsTask = isTask;
        r.User = user;
        r.Worker = WorkerPoolStation.NoWorker;
        r.Pc = 0;
        r.Body = 0;
        r.Db = null;
        r.CacheKey = -1;
        r.HoldsProxy = r.HoldsRequestConn = r.HoldsPoolConn = r.WaitingForPool = r.WaitingForCache = r.DbCounted = false;
        r.PoolTimeout = r.ClientTimer = r.PatienceTimer = EventHandle.None;
        r.Start = r.AttemptStart = _sim.Now;
        r.Attempt = 0;
        r.ClientGone = false;
        Array.Clear(_reqElapsed, slot * _breakdownElapsed.Length, _breakdownElapsed.Length);
        Array.Clear(_reqService, slot * _breakdownElapsed.Length, _breakdownElapsed.Length);
        _reqRandom[slot] ??= new RandomStream(0);
        return slot;
    }

    // ---- the request's path: its class's steps, each served by a station --------------------------

    /// <summary>
    /// Walks the request's steps from its program counter on a worker: each step goes to its station, which either
    /// takes the request (and moves it on later with <see cref="NextStep"/> or <see cref="RunSteps"/>) or passes it
    /// straight on. After the last step the response goes back through nginx.
    /// </summary>
    internal void RunSteps(int slot)
    {
        Step[] steps = _classSteps[_req[slot].Class];
        while (_req[slot].Pc < steps.Length)
        {
            // One type test per step picks the station; the call is direct (sealed stations), not virtual.
            switch (steps[_req[slot].Pc])
            {
                case CpuStep:
                    Cpu.Accept(slot);
                    return;
                case CacheGetStep or CacheSetStep:
                    if (Cache.Accept(slot)) return;
                    continue;
                case DbStep:
                    if (!DbConnections.Accept(slot)) Database.Accept(slot); // failed or waiting: it resumes later
                    return;
                case ExternalCallStep:
                    External.Accept(slot);
                    return;
                case EnqueueStep:
                    TaskQueue.Accept(slot);
                    continue;
                case RespondStep respond:
                    ref StackRequest r = ref _req[slot];
                    r.Body = respond.SizeBytes.Sample(_reqRandom[slot]);
                    r.Pc++;
                    continue;
                default:
                    throw new InvalidOperationException($"Unknown step {steps[_req[slot].Pc]}.");
            }
        }
        Proxy.Deliver(slot);
    }

    // ---- endings --------------------------------------------------------------------------------

    /// <summary>The client has the whole response: the request's latency and breakdown are recorded, and it leaves.</summary>
    internal void Complete(int slot)
    {
        ref StackRequest r = ref _req[slot];
        if (r.ClientGone)
        {
            // The client gave up on this attempt: the server did the work (it counts towards what the stations
            // served), but nobody receives the response.
            if (WindowOpen) _departedServed++;
            End(slot, settle: false);
            return;
        }
        double latency = _sim.Now - r.Start;
        if (WindowOpen)
        {
            _departed++;
            _departedServed++;
            _classDeparted[r.Class]++;
            if (_populations) _popDeparted[r.Population]++;
        }
        if (InCohort(r.Start))
        {
            _completed++;
            _classCompleted[r.Class]++;
            _latency.RecordWith(_classLatency[r.Class], latency); // one bucket lookup for both
            _latencyTally.Add(latency);
            if (_populations)
            {
                _popCompleted[r.Population]++;
                _popLatency[r.Population].Record(latency);
            }
            int n = _breakdownElapsed.Length;
            for (int i = 0; i < n; i++)
            {
                _breakdownElapsed[i] += _reqElapsed[slot * n + i];
                _breakdownService[i] += _reqService[slot * n + i];
            }
        }
        if (Edge.Active) Edge.Delivered(slot);
        // Stations registered beside the built-in ones see every delivered response (the request does not wait for them).
        foreach (Station extra in _extraStations) extra.Accept(slot);
        End(slot, settle: true);
    }

    /// <summary>
    /// The attempt failed with <paramref name="kind"/>: its worker is released and it leaves. The request fails with it
    /// (counted), unless the client retries (<see cref="ClientStation.Retry"/>) or had already gone (client timeout).
    /// </summary>
    internal void Fail(int slot, ErrorKind kind)
    {
        ref StackRequest r = ref _req[slot];
        if (WindowOpen && kind is not (ErrorKind.ProxyConnections or ErrorKind.BacklogFull or ErrorKind.Abandoned)) _departedServed++;
        if (r.ClientGone || Clients.Retry(slot, kind))
        {
            Workers.Release(slot);
            End(slot, settle: false);
            return;
        }
        r = ref _req[slot]; // a retry may have grown the table
        CountFailure(slot, kind);
        Workers.Release(slot);
        End(slot, settle: true);
    }

    /// <summary>
    /// The client gave up on the attempt in <paramref name="slot"/> for good (a client timeout with no retry left): the
    /// request fails with <paramref name="kind"/> and its user goes back to thinking, while the attempt itself stays at
    /// the server until it ends there (an orphan: its outcome is not recorded).
    /// </summary>
    internal void ClientGaveUp(int slot, ErrorKind kind)
    {
        CountFailure(slot, kind);
        Clients.Settled(slot);
        ref StackRequest r = ref _req[slot];
        SettleUser(r.User, InCohort(r.Start));
    }

    private void CountFailure(int slot, ErrorKind kind)
    {
        ref StackRequest r = ref _req[slot];
        if (InCohort(r.Start))
        {
            _failed++;
            _errors[(int)kind]++;
            _classErrors[r.Class]++;
            if (_populations) _popErrors[r.Population]++;
        }
    }

    /// <summary>
    /// The attempt in <paramref name="slot"/> leaves the stack. With <paramref name="settle"/> it was the request's last
    /// (its outcome is final): its attempts are counted and its user (closed load) starts thinking.
    /// </summary>
    private void End(int slot, bool settle)
    {
        Link.Release(slot);
        DbConnections.Release(slot);
        Proxy.Release(slot);
        LoadBalancer.Release(slot);
        ref StackRequest r = ref _req[slot];
        _inSystem--;
        _inSystemTw.Update(_sim.Now, _inSystem);
        int user = r.User;
        bool cohort = InCohort(r.Start);
        if (cohort) _residence.Add(_sim.Now - r.AttemptStart); // every departure of the cohort, success or failure: W of Little's law
        if (settle) Clients.Settled(slot);
        r.Live = false;
        _sim.Cancel(r.PoolTimeout);
        _sim.Cancel(r.ClientTimer);
        _sim.Cancel(r.PatienceTimer);
        _freeSlots[_freeCount++] = slot;
        if (settle) SettleUser(user, cohort);
    }

    /// <summary>A request has its final outcome: its user (closed load) starts thinking, and the drain ends with the cohort's last request.</summary>
    private void SettleUser(int user, bool cohort)
    {
        if (user >= 0)
        {
            int population = _popOpen.Length == 1 ? 0 : PopulationOf(user);
            RandomStream think = UserThinkStream(population, user);
            _sim.Schedule(_popClosed[population]!.ThinkTimeSeconds.Sample(think), this, KThinkEnd, user);
        }
        if (cohort && --_cohortInFlight == 0 && !WindowOpen) _sim.Stop(); // the drain is over
    }
}
