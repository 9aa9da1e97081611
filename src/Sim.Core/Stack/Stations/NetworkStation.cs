using Sim.Kernel;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// The client's link: the (gzipped) body goes out at a bandwidth drawn per request. Without proxy buffering the
/// worker writes until the socket buffers hold the rest, so it is freed before the client has everything. Counts
/// the bytes sent (bandwidth). With <c>host.link</c> the body also shares its server's link with every other response
/// leaving that server (<see cref="LinkStation"/>): it goes at min(client bandwidth, its fair share of the link).
/// </summary>
internal sealed class NetworkStation : Station
{
    private const int KTransferDone = 0, KWorkerReleasedMidTransfer = 1;

    private double _bytesSent;
    private bool _releasing; // a worker release at the current instant is running (see Accept)
    // Sends merged ahead of their time (SendServed): their times and wire bytes, a FIFO ring (power-of-two length).
    private double[] _pendingAt = new double[16], _pendingBytes = new double[16];
    private int _pendingHead, _pendingCount;

    public NetworkStation(StackModel model) : base(model, "network")
    {
    }

    /// <summary>Bytes put on the wire in the window so far (up to now: sends merged ahead of their time are counted once it comes).</summary>
    public double BytesSent
    {
        get
        {
            CountSentBefore(Sim.Now);
            return _bytesSent;
        }
    }

    /// <summary>The response body leaves nginx for the client.</summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        StackScenario s = Model.Scenario;
        double wire = s.Proxy.Gzip.Enabled ? r.Body * s.Proxy.Gzip.Ratio : r.Body;
        double bandwidth = s.Network.ClientBandwidthBitsPerSecond.Sample(Model.RandomOf(slot)); // bits/s; drawn always
        CountSentBefore(Sim.Now);
        _bytesSent += wire;
        double seconds = wire <= 0 || double.IsPositiveInfinity(bandwidth) ? 0 : wire * 8 / bandwidth;
        Model.BeginSegment(slot, BreakdownCategory.Transfer, seconds);
        if (wire > 0 && Model.Link.Enabled)
        {
            // The time at the client's bandwidth is the segment's service; waiting for a share of the link is its queueing.
            bool holdsWorker = r.Worker != WorkerPoolStation.NoWorker && s.Proxy.SocketBufferBytes > 0;
            Model.Link.Start(slot, wire, bandwidth / 8, holdsWorker ? s.Proxy.SocketBufferBytes : -1);
            return true;
        }
        r.TransferEnd = Sim.Now + seconds;
        if (r.Worker != WorkerPoolStation.NoWorker && s.Proxy.SocketBufferBytes > 0)
        {
            // Without buffering the worker writes until the socket buffers hold the rest: it is
            // freed once the client has all but SocketBuffer bytes, then the download finishes.
            double held = Math.Max(0, wire - s.Proxy.SocketBufferBytes) * 8 / bandwidth;
            if (held < seconds)
            {
                if (held == 0 && !_releasing)
                {
                    // The socket buffers take the whole body: the worker is free at this very instant, so it is released
                    // here rather than by an event of zero delay (the seed stack's pages: 0.52 events per request). Only
                    // the order among events at exactly this time could tell the two apart. Not when this request was
                    // itself started by such a release: a backlog of requests whose steps take no time would recurse.
                    double end = r.TransferEnd;
                    long tag = Model.TagOf(slot);
                    _releasing = true;
                    WorkerFreed(slot); // may start the next request from the backlog (and move the request table)
                    _releasing = false;
                    Sim.ScheduleAt(end, this, KTransferDone, tag);
                    return true;
                }
                Sim.Schedule(held, this, KWorkerReleasedMidTransfer, Model.TagOf(slot));
                return true;
            }
        }
        Sim.Schedule(seconds, this, KTransferDone, Model.TagOf(slot));
        return true;
    }

    /// <summary>
    /// A response nginx serves itself (<see cref="ProxyStation.ServeAndSend"/>: no worker, no gzip, no link, no client
    /// timeout) leaves for the client at <paramref name="at"/> (≥ now), when its service ends: everything
    /// <see cref="Accept"/> would do then is done now, with the same doubles (the proxy segment ends and the transfer
    /// begins at <paramref name="at"/>; the bandwidth is the request's next draw either way) — only its bytes wait to be
    /// added to the total until that time has come, so that the floating-point sum adds them in the same order.
    /// </summary>
    public void SendServed(int slot, double at)
    {
        ref StackRequest r = ref Model.Request(slot);
        double wire = r.Body;
        double bandwidth = Model.Scenario.Network.ClientBandwidthBitsPerSecond.Sample(Model.RandomOf(slot));
        if (_pendingCount == _pendingAt.Length)
        {
            int size = _pendingAt.Length * 2;
            var at2 = new double[size];
            var bytes2 = new double[size];
            for (int i = 0; i < _pendingCount; i++)
            {
                at2[i] = _pendingAt[(_pendingHead + i) & (_pendingAt.Length - 1)];
                bytes2[i] = _pendingBytes[(_pendingHead + i) & (_pendingAt.Length - 1)];
            }
            _pendingAt = at2;
            _pendingBytes = bytes2;
            _pendingHead = 0;
        }
        int tail = (_pendingHead + _pendingCount++) & (_pendingAt.Length - 1);
        _pendingAt[tail] = at; // the service time is constant and now only grows, so the line stays in time order
        _pendingBytes[tail] = wire;
        double seconds = wire <= 0 || double.IsPositiveInfinity(bandwidth) ? 0 : wire * 8 / bandwidth;
        Model.EndSegment(slot, at);
        Model.BeginSegmentAt(slot, BreakdownCategory.Transfer, seconds, at);
        r.TransferEnd = at + seconds;
        Sim.ScheduleAt(r.TransferEnd, this, KTransferDone, Model.TagOf(slot));
    }

    /// <summary>Adds the bytes of the sends merged ahead of their time (<see cref="SendServed"/>) whose time is before <paramref name="time"/>, in time order.</summary>
    private void CountSentBefore(double time)
    {
        while (_pendingCount > 0 && _pendingAt[_pendingHead] < time)
        {
            _bytesSent += _pendingBytes[_pendingHead];
            _pendingHead = (_pendingHead + 1) & (_pendingAt.Length - 1);
            _pendingCount--;
        }
    }

    public override void ResetStatistics()
    {
        CountSentBefore(Sim.Now);
        _bytesSent = 0;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics) => metrics.Add(new StationMetric(Name, "sent_bytes", BytesSent));

    public override void Handle(Simulation simulation, int kind, long data)
    {
        int slot = Model.Live(data);
        if (slot < 0) return;
        switch (kind)
        {
            case KTransferDone:
                TransferDone(slot);
                break;
            case KWorkerReleasedMidTransfer:
                WorkerFreed(slot);
                Sim.ScheduleAt(Model.Request(slot).TransferEnd, this, KTransferDone, Model.TagOf(slot));
                break;
            default: throw new InvalidOperationException($"Unknown event kind {kind}.");
        }
    }

    /// <summary>The client has the whole response: the transfer segment ends, the worker (if still held) is freed, the request completes.</summary>
    internal void TransferDone(int slot)
    {
        Model.EndSegment(slot);
        Model.Workers.ReleaseWorker(slot); // no-op when buffering released it already
        Model.Complete(slot);
    }

    /// <summary>All but the socket buffers have been sent: the worker is freed while the download finishes.</summary>
    internal void WorkerFreed(int slot) => Model.Workers.ReleaseWorker(slot);

    public override string KindName(int kind) => kind switch { KTransferDone => "TransferDone", KWorkerReleasedMidTransfer => "WorkerReleasedMidTransfer", _ => base.KindName(kind) };
}
