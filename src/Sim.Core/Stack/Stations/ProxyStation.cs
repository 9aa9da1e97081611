using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack.Stations;

/// <summary>
/// nginx, one per server: holds a client connection per request (refused beyond <c>max connections</c>; WebSockets
/// hold some for the whole run), pays the TLS/TCP handshake when client keepalive is off (network time, then CPU),
/// serves static files and micro-cache hits itself, opens an upstream connection when upstream keepalive is off,
/// and hands the rest to gunicorn. On the way back it releases the worker at once when buffering, gzips on the
/// server's CPU, and passes the body to the network. With <c>proxy.cpu</c> &gt; 0 nginx spends that CPU on each request
/// when it arrives (after any handshake): as a processor-sharing job on the host, or, with <c>proxy.workers</c> = n ≥ 1,
/// in one of n single-process nginx workers (requests handed out in turn), each serving one request's CPU at a time, FCFS.
/// </summary>
internal sealed class ProxyStation : Station
{
    private const int KHandshakeNetDone = 0, KHandshakeCpuDone = 1, KUpstreamConnected = 2, KServed = 3, KGzipDone = 4, KParsed = 5, KArrivedAndShaken = 6;
    private const int KWorkerBase = 7; // KWorkerBase + server × workers + worker: an nginx worker finished the request at its head
    private static readonly string[] KindNames = ["HandshakeNetDone", "HandshakeCpuDone", "UpstreamConnected", "ProxyServed", "GzipDone", "ProxyParsed", "ArrivedAndShaken"];

    private readonly int[] _connections; // per server
    private readonly double _cpu;
    private readonly int _workers;                 // nginx workers per server; 0 = no process model
    private readonly SlotQueue[] _workerLine = []; // per server × worker: one slot, the request being served
    private readonly TimeWeighted[] _workerBusy = [];
    private readonly int[] _nextWorker = [];       // per server: round robin
    private double _workerWaitSum;
    private long _workerWaits;

    public ProxyStation(StackModel model) : base(model, "proxy")
    {
        StackScenario s = model.Scenario;
        int servers = s.LoadBalancer.Servers;
        _connections = new int[servers];
        // WebSockets hold proxy connections for the whole run, spread over the servers.
        for (int i = 0; i < servers; i++)
            _connections[i] = s.WebSockets.Connections / servers + (i < s.WebSockets.Connections % servers ? 1 : 0);
        // The arrival at nginx and the handshake's network time are one event when no moment in between can be observed:
        // nginx takes the connection at arrival, and only its refusal at max connections could tell when that happened,
        // so the two merge when every attempt the stack can hold at once fits beside the WebSockets (the seed stack: 500
        // users + 234 WebSockets ≤ 1,024). The merged event accounts the arrival exactly as its own event would have.
        int maxWebSockets = 0;
        foreach (int c in _connections) maxWebSockets = Math.Max(maxWebSockets, c);
        // WebSockets that open and close (webSockets.openRate) take connections at moments of their own: no merging then.
        HandshakeOnArrival = !s.Proxy.ClientKeepalive && s.WebSockets.OpenRatePerSecond <= 0
                             && (long)model.MaxAttemptsInFlight + maxWebSockets <= s.Proxy.MaxConnections;
        // A response nginx serves itself (a static file, a micro-cache hit) goes to the network after the service time;
        // nothing observes the moment in between, so one event does both (NetworkStation.SendServed), unless gzip (its
        // CPU joins the host's then), the link (shared) or a client timeout (could end the request meanwhile) is on, or
        // the service time varies (the network's deferred byte count relies on times that only grow).
        ServeAndSend = !s.Proxy.Gzip.Enabled && s.Host.LinkBitsPerSecond is null && s.Clients.TimeoutSeconds is null
                       && s.Proxy.ServiceTimeSeconds is Deterministic;
        _cpu = s.Proxy.CpuSeconds;
        _workers = _cpu > 0 ? s.Proxy.Workers : 0;
        if (_workers > 0)
        {
            _workerLine = new SlotQueue[servers * _workers];
            _workerBusy = new TimeWeighted[servers * _workers];
            _nextWorker = new int[servers];
            for (int i = 0; i < _workerLine.Length; i++)
            {
                _workerLine[i] = new SlotQueue(1);
                _workerBusy[i] = new TimeWeighted(Sim.Now);
            }
        }
    }

    /// <summary>
    /// Whether a request's arrival at nginx and its handshake's network time are one event (<see cref="ArriveAndShakeHands"/>):
    /// client keepalive off, and nginx can never refuse a connection (every attempt in flight fits under max connections).
    /// </summary>
    public bool HandshakeOnArrival { get; }

    /// <summary>
    /// The request will reach nginx at <paramref name="atServer"/> (<see cref="HandshakeOnArrival"/>): its handshake time is
    /// drawn now (the next draw of its stream either way) and one event waits for the handshake's end.
    /// </summary>
    public void ArriveAndShakeHands(int slot, double atServer)
    {
        ref StackRequest r = ref Model.Request(slot);
        double handshake = Model.Scenario.Proxy.HandshakeSeconds.Sample(Model.RandomOf(slot));
        r.AtServer = atServer;
        r.Handshake = handshake;
        Sim.ScheduleAt(atServer + handshake, this, KArrivedAndShaken, Model.TagOf(slot));
    }

    /// <summary>Whether a response nginx serves itself and its start on the network are one event (<see cref="NetworkStation.SendServed"/>).</summary>
    public bool ServeAndSend { get; }

    /// <summary>Whether nginx's CPU runs in single-process workers (<c>proxy.cpu</c> &gt; 0 and <c>proxy.workers</c> ≥ 1).</summary>
    public bool WorkerModel => _workers > 0;

    /// <summary>The nginx workers' mean busy fraction over the window so far (all servers); NaN without the worker model.</summary>
    /// <param name="any">False when the window has no length yet: the current state.</param>
    public double WorkerUtilization(bool any)
    {
        if (_workers == 0) return double.NaN;
        double sum = 0;
        foreach (TimeWeighted busy in _workerBusy) sum += any ? busy.Mean(Sim.Now) : busy.Current;
        return sum / _workerBusy.Length;
    }

    /// <summary>Mean wait for an nginx worker of the cohort's requests, seconds; NaN without the worker model or requests.</summary>
    public double WorkerWaitMeanSeconds => _workers > 0 && _workerWaits > 0 ? _workerWaitSum / _workerWaits : double.NaN;

    public override void ResetStatistics()
    {
        foreach (TimeWeighted busy in _workerBusy) busy.Reset(Sim.Now);
        _workerWaitSum = 0;
        _workerWaits = 0;
    }

    /// <summary>The request reaches its server's nginx: take a connection (or fail) and shake hands if needed.</summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        ProxySpec proxy = Model.Scenario.Proxy;
        if (_connections[r.Server] >= proxy.MaxConnections)
        {
            Model.Fail(slot, ErrorKind.ProxyConnections);
            return true;
        }
        _connections[r.Server]++;
        r.HoldsProxy = true;
        if (!proxy.ClientKeepalive)
        {
            double handshake = proxy.HandshakeSeconds.Sample(Model.RandomOf(slot));
            Model.BeginSegment(slot, BreakdownCategory.Network, handshake);
            Sim.Schedule(handshake, this, KHandshakeNetDone, Model.TagOf(slot));
            return true;
        }
        Parse(slot);
        return true;
    }

    /// <summary>A WebSocket connection opens on <paramref name="server"/>: it holds an nginx connection, unless none is free (false).</summary>
    public bool TryHoldConnection(int server)
    {
        if (_connections[server] >= Model.Scenario.Proxy.MaxConnections) return false;
        _connections[server]++;
        return true;
    }

    /// <summary>A WebSocket connection on <paramref name="server"/> closes: its nginx connection is free.</summary>
    public void ReleaseConnection(int server) => _connections[server]--;

    public override void Release(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (!r.HoldsProxy) return;
        _connections[r.Server]--;
        r.HoldsProxy = false;
    }

    /// <summary>
    /// The body is produced. With buffering the worker is released now and nginx compresses and streams; without,
    /// the worker is held until the client has it all (or all but the socket buffers).
    /// </summary>
    public void Deliver(int slot)
    {
        GzipSpec gzip = Model.Scenario.Proxy.Gzip;
        if (Model.Scenario.Proxy.Buffering) Model.Workers.ReleaseWorker(slot);
        ref StackRequest r = ref Model.Request(slot);
        if (gzip.Enabled && r.Body > 0)
        {
            double work = r.Body / 1e6 * gzip.CpuSecondsPerMegabyte;
            Model.BeginSegment(slot, BreakdownCategory.Cpu, work);
            Model.Cpu.Submit(r.Server, work, HostUser.Gzip, this, KGzipDone, Model.TagOf(slot));
            return;
        }
        Model.Network.Accept(slot);
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        if (kind >= KWorkerBase)
        {
            // The nginx worker is done with this request (whether or not it is still alive): the next one starts.
            int worker = kind - KWorkerBase;
            if (_workerLine[worker].Release(Model, out int next)) StartWorker(worker, next);
            else _workerBusy[worker].Update(Sim.Now, 0);
            kind = KParsed;
        }
        int slot = Model.Live(data);
        if (slot < 0) return;
        if (kind == KArrivedAndShaken)
        {
            // What the arrival's own event did, at its time: the trip to the server ends, nginx takes a connection (it
            // cannot refuse: HandshakeOnArrival), the handshake's network time starts.
            ref StackRequest a = ref Model.Request(slot);
            Model.EndSegment(slot, a.AtServer);
            _connections[a.Server]++;
            a.HoldsProxy = true;
            Model.BeginSegmentAt(slot, BreakdownCategory.Network, a.Handshake, a.AtServer);
            kind = KHandshakeNetDone;
        }
        Model.EndSegment(slot);
        switch (kind)
        {
            case KHandshakeNetDone:
                double cpu = Model.Scenario.Proxy.HandshakeCpuSeconds;
                Model.BeginSegment(slot, BreakdownCategory.Cpu, cpu);
                Model.Cpu.Submit(Model.Request(slot).Server, cpu, HostUser.Proxy, this, KHandshakeCpuDone, Model.TagOf(slot));
                break;
            case KHandshakeCpuDone: Parse(slot); break;
            case KParsed: Ready(slot); break;
            case KUpstreamConnected: Model.Workers.Accept(slot); break;
            case KServed: Deliver(slot); break;
            case KGzipDone: Model.Network.Accept(slot); break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => (uint)kind < (uint)KindNames.Length ? KindNames[kind] : kind >= KWorkerBase ? "NginxWorkerDone" : base.KindName(kind);

    /// <summary>nginx spends its own CPU on the request (<c>proxy.cpu</c>), on the host or in one of its workers, then goes on with it.</summary>
    private void Parse(int slot)
    {
        if (_cpu <= 0)
        {
            Ready(slot);
            return;
        }
        ref StackRequest r = ref Model.Request(slot);
        Model.BeginSegment(slot, BreakdownCategory.Proxy, _cpu);
        if (_workers == 0)
        {
            Model.Cpu.Submit(r.Server, _cpu, HostUser.Proxy, this, KParsed, Model.TagOf(slot));
            return;
        }
        int worker = r.Server * _workers + _nextWorker[r.Server];
        _nextWorker[r.Server] = (_nextWorker[r.Server] + 1) % _workers;
        r.Queued = Sim.Now;
        if (_workerLine[worker].TryAcquire())
        {
            _workerBusy[worker].Update(Sim.Now, 1);
            StartWorker(worker, slot);
        }
        else
        {
            _workerLine[worker].Enqueue(Model.TagOf(slot));
        }
    }

    /// <summary>nginx worker <paramref name="worker"/> runs the request's CPU on its server's cores.</summary>
    private void StartWorker(int worker, int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        if (Model.InCohort(r.Start))
        {
            _workerWaitSum += Sim.Now - r.Queued;
            _workerWaits++;
        }
        Model.Cpu.Submit(r.Server, _cpu, HostUser.Proxy, this, KWorkerBase + worker, Model.TagOf(slot));
    }

    /// <summary>Connected: serve from nginx (static file or micro-cache hit) or pass upstream to gunicorn.</summary>
    private void Ready(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        ProxySpec proxy = Model.Scenario.Proxy;
        RandomStream random = Model.RandomOf(slot);
        bool fromCache = random.NextDouble() < proxy.StaticHitRatio; // drawn always: same draws in every phase
        if (Model.Scenario.Classes[r.Class].StaticAtProxy || fromCache)
        {
            r.Body = Model.ResponseSize(r.Class, random);
            double serve = proxy.ServiceTimeSeconds.Sample(random);
            Model.BeginSegment(slot, BreakdownCategory.Proxy, serve);
            if (ServeAndSend)
            {
                // What the served event would do at its time (Deliver: no worker is held yet, nothing to compress).
                Model.Network.SendServed(slot, Sim.Now + serve);
                return;
            }
            Sim.Schedule(serve, this, KServed, Model.TagOf(slot));
            return;
        }
        if (!proxy.UpstreamKeepalive)
        {
            double connect = proxy.UpstreamConnectSeconds.Sample(random);
            Model.BeginSegment(slot, BreakdownCategory.Network, connect);
            Sim.Schedule(connect, this, KUpstreamConnected, Model.TagOf(slot));
            return;
        }
        Model.Workers.Accept(slot);
    }
}
