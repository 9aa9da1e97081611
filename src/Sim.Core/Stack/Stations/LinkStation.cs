using Sim.Kernel;

namespace Sim.Stack.Stations;

/// <summary>
/// Each web server's network link (<c>host.link</c>): every response leaving the server shares its capacity as a fluid
/// (processor sharing), and each response is also capped by its client's bandwidth — max–min fair sharing: responses
/// whose client is slower than an equal share get their client's rate, the others split what is left equally.
/// </summary>
/// <remarks>
/// <para>Without <c>host.link</c> the station is off and the network station sends every response at its client's
/// bandwidth as before (nothing here is drawn or scheduled).</para>
/// <para>Per server: the responses in transfer with their remaining bytes and cap. Whenever one starts, reaches its
/// worker-release point (all but the socket buffers sent, without proxy buffering) or ends, every remaining byte count
/// is advanced at the old rates, the rates are recomputed by water-filling (O(n log n) for n responses on the link) and
/// one calendar event is set for the next response to reach a point. Allocation-free once the arrays have grown.</para>
/// <para>Utilization: bytes sent through the link in the window / (capacity × window), per server.</para>
/// </remarks>
internal sealed class LinkStation : Station
{
    private const int KLinkEvent = 0;

    private readonly double _capacity; // bytes per second; 0 when off
    private readonly ServerLink[] _links;
    private long[] _dueTags = new long[16];
    private bool[] _dueDone = new bool[16];
    private double _windowStart;

    public LinkStation(StackModel model) : base(model, "link")
    {
        double? bits = model.Scenario.Host.LinkBitsPerSecond;
        _capacity = bits is { } b ? b / 8 : 0;
        _links = new ServerLink[bits is null ? 0 : model.Scenario.LoadBalancer.Servers];
        for (int i = 0; i < _links.Length; i++) _links[i] = new ServerLink();
        _windowStart = Sim.Now;
    }

    /// <summary>True when the scenario limits the servers' links.</summary>
    public bool Enabled => _links.Length > 0;

    /// <summary>Not used: responses enter through <see cref="Start"/>.</summary>
    public override bool Accept(int slot) => throw new InvalidOperationException("A response enters the link through Start.");

    /// <summary>
    /// The response of the request in <paramref name="slot"/> starts to leave its server: <paramref name="wireBytes"/> (&gt; 0)
    /// at most at <paramref name="capBytesPerSecond"/> (its client's bandwidth; may be +∞). When
    /// <paramref name="releaseAtBytes"/> ≥ 0 the worker is released (<see cref="NetworkStation.WorkerFreed"/>) once no
    /// more than that many bytes are left; at the end <see cref="NetworkStation.TransferDone"/> is called.
    /// </summary>
    public void Start(int slot, double wireBytes, double capBytesPerSecond, double releaseAtBytes)
    {
        int server = Model.Request(slot).Server;
        ServerLink link = _links[server];
        Advance(link);
        link.Add(Model.TagOf(slot), wireBytes, capBytesPerSecond, releaseAtBytes);
        Reschedule(link, server);
    }

    // The tag of bytes that belong to no request (WebSocket messages): slot 0, a generation no request has.
    private const long BackgroundTag = unchecked((long)0xFFFF_FFFF_0000_0000UL);

    /// <summary>Puts <paramref name="wireBytes"/> (&gt; 0) that belong to no request (a WebSocket message) on <paramref name="server"/>'s link: they share it with the responses; nothing waits for them. No-op without a link limit.</summary>
    public void Background(int server, double wireBytes)
    {
        if (!Enabled) return;
        ServerLink link = _links[server];
        Advance(link);
        link.Add(BackgroundTag, wireBytes, double.PositiveInfinity, -1);
        Reschedule(link, server);
    }

    /// <summary>A request that fails mid-transfer (its worker timed out) leaves the link.</summary>
    public override void Release(int slot)
    {
        if (!Enabled) return;
        int server = Model.Request(slot).Server;
        ServerLink link = _links[server];
        int i = link.IndexOf(Model.TagOf(slot));
        if (i < 0) return;
        Advance(link);
        link.RemoveAt(i);
        Reschedule(link, server);
    }

    public override void ResetStatistics()
    {
        foreach (ServerLink link in _links)
        {
            Advance(link);
            link.Sent = 0;
        }
        _windowStart = Sim.Now;
    }

    /// <summary>Each server's link utilization over the window so far, in [0, 1]; empty when the station is off.</summary>
    public double[] Utilization()
    {
        var u = new double[_links.Length];
        double window = Sim.Now - _windowStart;
        for (int i = 0; i < u.Length; i++)
        {
            Advance(_links[i]);
            u[i] = window > 0 ? Math.Min(1, _links[i].Sent / (_capacity * window)) : 0;
        }
        return u;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        if (!Enabled) return;
        double[] u = Utilization();
        for (int i = 0; i < u.Length; i++) metrics.Add(new StationMetric(Name, $"server{i}_utilization", u[i]));
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        if (kind != KLinkEvent) throw new InvalidOperationException($"Unknown event kind {kind}.");
        int server = (int)data;
        ServerLink link = _links[server];
        link.Pending = EventHandle.None;
        Advance(link);
        // Collect what is due first: the callbacks may start new responses on this link.
        int due = 0;
        for (int i = link.Count - 1; i >= 0; i--)
        {
            double target = link.ReleaseAt[i] >= 0 ? link.ReleaseAt[i] : 0;
            // Due when within a micro-byte, or when the time left is below the clock's resolution (it would never pass).
            double left = link.Remaining[i] - target;
            if (left > 1e-6 && Sim.Now + left / link.Rate[i] > Sim.Now) continue;
            if (due == _dueTags.Length)
            {
                Array.Resize(ref _dueTags, due * 2);
                Array.Resize(ref _dueDone, due * 2);
            }
            _dueTags[due] = link.Tags[i];
            _dueDone[due] = link.ReleaseAt[i] < 0;
            due++;
            if (link.ReleaseAt[i] < 0) link.RemoveAt(i);
            else link.ReleaseAt[i] = -1;
        }
        Reschedule(link, server);
        for (int k = due - 1; k >= 0; k--)
        {
            if (_dueTags[k] == BackgroundTag) continue;
            int slot = Model.Live(_dueTags[k]);
            if (slot < 0) continue;
            if (_dueDone[k]) Model.Network.TransferDone(slot);
            else Model.Network.WorkerFreed(slot);
        }
    }

    public override string KindName(int kind) => kind == KLinkEvent ? "LinkEvent" : base.KindName(kind);

    /// <summary>Moves the link's responses on to now at their current rates, counting the bytes sent in the window.</summary>
    private void Advance(ServerLink link)
    {
        double now = Sim.Now;
        double dt = now - link.Last;
        link.Last = now;
        if (dt <= 0 || link.Count == 0) return;
        double sent = 0;
        for (int i = 0; i < link.Count; i++)
        {
            double bytes = Math.Min(link.Remaining[i], link.Rate[i] * dt);
            link.Remaining[i] -= bytes;
            sent += bytes;
        }
        if (Model.WindowOpen) link.Sent += sent;
    }

    /// <summary>Water-filling of the capacity over the caps, then one event for the next response to reach a point.</summary>
    private void Reschedule(ServerLink link, int server)
    {
        Sim.Cancel(link.Pending);
        link.Pending = EventHandle.None;
        int n = link.Count;
        if (n == 0) return;
        for (int i = 0; i < n; i++)
        {
            link.Order[i] = i;
            link.SortKey[i] = link.Cap[i];
        }
        Array.Sort(link.SortKey, link.Order, 0, n);
        double left = _capacity;
        int rest = n;
        int j = 0;
        for (; j < n; j++)
        {
            int i = link.Order[j];
            double fair = left / rest;
            if (link.Cap[i] > fair) break;
            link.Rate[i] = link.Cap[i];
            left -= link.Cap[i];
            rest--;
        }
        if (rest > 0)
        {
            double fair = Math.Max(0, left) / rest;
            for (; j < n; j++) link.Rate[link.Order[j]] = fair;
        }
        double next = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            double target = link.ReleaseAt[i] >= 0 ? link.ReleaseAt[i] : 0;
            double dt = Math.Max(0, link.Remaining[i] - target) / link.Rate[i];
            if (dt < next) next = dt;
        }
        link.Pending = Sim.Schedule(next, this, KLinkEvent, server);
    }

    /// <summary>One server's link: the responses in transfer, as parallel arrays (swap-removed).</summary>
    private sealed class ServerLink
    {
        public long[] Tags = new long[8];
        public double[] Remaining = new double[8], Cap = new double[8], ReleaseAt = new double[8], Rate = new double[8], SortKey = new double[8];
        public int[] Order = new int[8];
        public int Count;
        public double Last, Sent;
        public EventHandle Pending = EventHandle.None;

        public void Add(long tag, double bytes, double cap, double releaseAt)
        {
            if (Count == Tags.Length)
            {
                int size = Count * 2;
                Array.Resize(ref Tags, size);
                Array.Resize(ref Remaining, size);
                Array.Resize(ref Cap, size);
                Array.Resize(ref ReleaseAt, size);
                Array.Resize(ref Rate, size);
                Array.Resize(ref SortKey, size);
                Array.Resize(ref Order, size);
            }
            Tags[Count] = tag;
            Remaining[Count] = bytes;
            Cap[Count] = cap;
            ReleaseAt[Count] = releaseAt;
            Rate[Count] = 0;
            Count++;
        }

        public int IndexOf(long tag)
        {
            for (int i = 0; i < Count; i++)
                if (Tags[i] == tag) return i;
            return -1;
        }

        public void RemoveAt(int i)
        {
            int last = --Count;
            Tags[i] = Tags[last];
            Remaining[i] = Remaining[last];
            Cap[i] = Cap[last];
            ReleaseAt[i] = ReleaseAt[last];
            Rate[i] = Rate[last];
        }
    }
}
