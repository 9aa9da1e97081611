using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;
using Sim.Statistics;

namespace Sim.Stack.Stations;

/// <summary>
/// WebSocket connections (docs/components/websockets.md): the fixed <c>webSockets.connections</c>, open for the whole run,
/// and, with <c>webSockets.openRate</c>, connections that open as a Poisson process and close after a drawn lifetime.
/// Each open connection holds an nginx connection slot and <c>memoryPerConnection</c> on its server's host, and sends
/// messages (a Poisson process of <c>messageRate</c> per connection) that each cost <c>messageCpu</c> on that host's
/// cores and put <c>messageSize</c> bytes on its link. A new connection is refused past <c>webSockets.maxConnections</c>
/// or nginx's <c>proxy.maxConnections</c>.
/// </summary>
/// <remarks>
/// A new connection goes to the server with the fewest open connections (the lowest index on a tie). Every draw comes
/// from the model's "webSockets" substream, so connections never change what the requests draw; without openRate and
/// messageRate the station schedules nothing and draws nothing. A server's messages are one Poisson process of rate
/// (its open connections) × messageRate, redrawn whenever that number changes (memorylessness keeps it exact).
/// </remarks>
internal sealed class WebSocketStation : Station
{
    private const int KOpen = 0, KClose = 1, KMessage = 2;
    private static readonly string[] KindNames = ["WebSocketOpen", "WebSocketClose", "WebSocketMessage"];

    private readonly WebSocketSpec _ws;
    private readonly RandomStream _random;
    private readonly int[] _open;             // per server: connections open now, the fixed ones included
    private readonly EventHandle[] _message;  // per server: its next message
    private readonly TimeWeighted _openTw;    // all servers
    private int _total;
    private long _opened, _refused, _messages; // in the window
    private double _cpuSeconds;                // message CPU submitted in the window
    private double _windowStart;

    public WebSocketStation(StackModel model, RandomStream random) : base(model, "webSockets")
    {
        _ws = model.Scenario.WebSockets;
        _random = random;
        int servers = model.Scenario.LoadBalancer.Servers;
        _open = new int[servers];
        _message = new EventHandle[servers];
        for (int s = 0; s < servers; s++)
        {
            // The fixed connections are spread over the servers as nginx holds them (ProxyStation).
            _open[s] = _ws.Connections / servers + (s < _ws.Connections % servers ? 1 : 0);
            _message[s] = EventHandle.None;
        }
        _total = _ws.Connections;
        _openTw = new TimeWeighted(Sim.Now, _total);
        _windowStart = Sim.Now;
    }

    /// <summary>True when connections open and close (<c>webSockets.openRate</c> &gt; 0).</summary>
    public bool Dynamic => _ws.OpenRatePerSecond > 0;

    /// <summary>True when connections send messages (<c>webSockets.messageRate</c> &gt; 0).</summary>
    public bool Messages => _ws.MessageRatePerSecond > 0;

    /// <summary>Schedules the first opening and the fixed connections' first messages (the model's start).</summary>
    public void Start()
    {
        if (Dynamic) Sim.Schedule(NextGap(_ws.OpenRatePerSecond), this, KOpen, 0);
        for (int s = 0; s < _open.Length; s++) RescheduleMessage(s);
    }

    /// <summary>Open connections, all servers: the time average and the most at once over the window so far.</summary>
    public (double Mean, double Peak) Open(bool any) => (any ? _openTw.Mean(Sim.Now) : _total, _openTw.Max);

    /// <summary>Connections opened in the window.</summary>
    public long Opened => _opened;

    /// <summary>Connections refused in the window (over maxConnections or nginx's limit).</summary>
    public long Refused => _refused;

    /// <summary>Messages sent in the window.</summary>
    public long MessagesSent => _messages;

    /// <summary>The CPU the messages took over the window, as a share of all web hosts' cores, in [0, ~1].</summary>
    public double CpuShare()
    {
        double span = (Sim.Now - _windowStart) * Model.Scenario.Host.Cores * _open.Length;
        return span > 0 ? _cpuSeconds / span : 0;
    }

    public override void ResetStatistics()
    {
        _openTw.Reset(Sim.Now);
        _opened = _refused = _messages = 0;
        _cpuSeconds = 0;
        _windowStart = Sim.Now;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "open_count", _total));
        metrics.Add(new StationMetric(Name, "refused_total", _refused));
        metrics.Add(new StationMetric(Name, "messages_total", _messages));
    }

    /// <summary>Not used: WebSocket connections are not requests.</summary>
    public override bool Accept(int slot) => throw new InvalidOperationException("WebSocket connections are not requests.");

    public override void Handle(Simulation simulation, int kind, long data)
    {
        switch (kind)
        {
            case KOpen:
                Sim.Schedule(NextGap(_ws.OpenRatePerSecond), this, KOpen, 0);
                OpenOne();
                break;
            case KClose:
                Close((int)data);
                break;
            case KMessage:
                Message((int)data);
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    public override string KindName(int kind) => (uint)kind < (uint)KindNames.Length ? KindNames[kind] : base.KindName(kind);

    private double NextGap(double rate) => -Math.Log(_random.NextOpenDouble()) / rate;

    private void OpenOne()
    {
        int server = 0;
        for (int s = 1; s < _open.Length; s++) if (_open[s] < _open[server]) server = s;
        if ((_ws.MaxConnections > 0 && _total >= _ws.MaxConnections) || !Model.Proxy.TryHoldConnection(server))
        {
            if (Model.WindowOpen) _refused++;
            return;
        }
        if (Model.WindowOpen) _opened++;
        _open[server]++;
        _total++;
        _openTw.Update(Sim.Now, _total);
        Model.Workers.AddHostMemory(server, _ws.MemoryPerConnectionBytes);
        Sim.Schedule(_ws.LifetimeSeconds.Sample(_random), this, KClose, server);
        RescheduleMessage(server);
    }

    private void Close(int server)
    {
        _open[server]--;
        _total--;
        _openTw.Update(Sim.Now, _total);
        Model.Proxy.ReleaseConnection(server);
        Model.Workers.AddHostMemory(server, -_ws.MemoryPerConnectionBytes);
        RescheduleMessage(server);
    }

    private void Message(int server)
    {
        _message[server] = EventHandle.None;
        if (Model.WindowOpen)
        {
            _messages++;
            _cpuSeconds += _ws.MessageCpuSeconds;
        }
        if (_ws.MessageCpuSeconds > 0) Model.Cpu.Load(server, _ws.MessageCpuSeconds, HostUser.WebSocket);
        if (_ws.MessageSizeBytes > 0) Model.Link.Background(server, _ws.MessageSizeBytes);
        RescheduleMessage(server);
    }

    /// <summary>The server's open connections changed (or a message was sent): its next message is drawn at rate open × messageRate.</summary>
    private void RescheduleMessage(int server)
    {
        if (!Messages) return;
        Sim.Cancel(_message[server]);
        _message[server] = _open[server] > 0
            ? Sim.Schedule(NextGap(_open[server] * _ws.MessageRatePerSecond), this, KMessage, server)
            : EventHandle.None;
    }
}
