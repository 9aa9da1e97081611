using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// nginx, one per server: holds a client connection per request (refused beyond <c>max connections</c>; WebSockets
/// hold some for the whole run), pays the TLS/TCP handshake when client keepalive is off (network time, then CPU),
/// serves static files and micro-cache hits itself, opens an upstream connection when upstream keepalive is off,
/// and hands the rest to gunicorn. On the way back it releases the worker at once when buffering, gzips on the
/// server's CPU, and passes the body to the network.
/// </summary>
internal sealed class ProxyStation : Station
{
    private const int KHandshakeNetDone = 0, KHandshakeCpuDone = 1, KUpstreamConnected = 2, KServed = 3, KGzipDone = 4;
    private static readonly string[] KindNames = ["HandshakeNetDone", "HandshakeCpuDone", "UpstreamConnected", "ProxyServed", "GzipDone"];

    private readonly int[] _connections; // per server

    public ProxyStation(StackModel model) : base(model, "proxy")
    {
        StackScenario s = model.Scenario;
        int servers = s.LoadBalancer.Servers;
        _connections = new int[servers];
        // WebSockets hold proxy connections for the whole run, spread over the servers.
        for (int i = 0; i < servers; i++)
            _connections[i] = s.WebSockets.Connections / servers + (i < s.WebSockets.Connections % servers ? 1 : 0);
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
        Ready(slot);
        return true;
    }

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
            Model.Cpu.Submit(r.Server, work, this, KGzipDone, Model.TagOf(slot));
            return;
        }
        Model.Network.Accept(slot);
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        switch (kind)
        {
            case KHandshakeNetDone:
                double cpu = Model.Scenario.Proxy.HandshakeCpuSeconds;
                Model.BeginSegment(slot, BreakdownCategory.Cpu, cpu);
                Model.Cpu.Submit(Model.Request(slot).Server, cpu, this, KHandshakeCpuDone, Model.TagOf(slot));
                break;
            case KHandshakeCpuDone: Ready(slot); break;
            case KUpstreamConnected: Model.Workers.Accept(slot); break;
            case KServed: Deliver(slot); break;
            case KGzipDone: Model.Network.Accept(slot); break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => (uint)kind < (uint)KindNames.Length ? KindNames[kind] : base.KindName(kind);

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
