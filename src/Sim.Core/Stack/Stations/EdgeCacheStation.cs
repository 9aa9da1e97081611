using Sim.Kernel;
using Sim.Randomness;
using Sim.Scenarios;

namespace Sim.Stack.Stations;

/// <summary>
/// The caches in front of the origin (docs/components/edge-cache.md), for the classes with <c>classes[].cache</c>. A new
/// request first meets its user's browser cache (<c>cache.browser</c>, closed-load users only): when the user received the
/// class's response less than maxAge ago, the browser reuses it and no request is sent — the user goes back to thinking.
/// A request that leaves the browser meets the CDN (<c>cache.cdn</c>): with probability hitRatio the edge answers it after
/// edgeTime — it never reaches the load balancer, nginx, the link or a worker, but it is a request (it counts in the
/// arrivals, the throughput and the latencies). The rest go to the origin as before.
/// </summary>
/// <remarks>
/// A response delivered to a user (from the CDN or the origin) refreshes that user's browser copy of the class. The CDN's
/// draw, the edge time and the size of the response saved are drawn from a substream of the request's own key, so the
/// request's other draws are those it makes without the cache. Open arrivals are new visitors: their browser caches are
/// empty.
/// </remarks>
internal sealed class EdgeCacheStation : Station
{
    private const int KEdgeServed = 0;

    private readonly ClassCacheSpec?[] _spec;   // per class
    private readonly int[] _browserColumn;      // per class: its column in _fetched, −1 without a browser cache
    private readonly int _browserClasses;
    private readonly double[] _fetched;         // user × browser class: when the user last received the response (−∞: never)
    private readonly ulong _seed;
    private readonly double _wireRatio;         // bytes on the wire per response byte (gzip)

    // Over the window.
    private long _browserHits, _cdnHits, _origin;
    private double _savedBytes;

    public EdgeCacheStation(StackModel model, ulong seed, int users) : base(model, "edge")
    {
        StackScenario s = model.Scenario;
        _seed = seed;
        _spec = new ClassCacheSpec?[s.Classes.Count];
        _browserColumn = new int[s.Classes.Count];
        for (int c = 0; c < _spec.Length; c++)
        {
            ClassCacheSpec? spec = s.Classes[c].Cache;
            if (spec is { Browser: null, Cdn: null }) spec = null;
            _spec[c] = spec;
            _browserColumn[c] = spec?.Browser is null ? -1 : _browserClasses++;
            Active |= spec is not null;
            HasCdn |= spec?.Cdn is not null;
        }
        _fetched = new double[_browserClasses > 0 ? users * _browserClasses : 0];
        Array.Fill(_fetched, double.NegativeInfinity);
        _wireRatio = s.Proxy.Gzip.Enabled ? s.Proxy.Gzip.Ratio : 1;
    }

    /// <summary>True when some class has a browser cache or a CDN.</summary>
    public bool Active { get; }

    /// <summary>True when some class has a browser cache.</summary>
    public bool HasBrowser => _browserClasses > 0;

    /// <summary>True when some class has a CDN.</summary>
    public bool HasCdn { get; }

    /// <summary>Requests the browser caches answered in the window (never sent).</summary>
    public long BrowserHits => _browserHits;

    /// <summary>Requests the CDN answered in the window.</summary>
    public long CdnHits => _cdnHits;

    /// <summary>Requests of classes with a cache that went on to the origin in the window.</summary>
    public long Origin => _origin;

    /// <summary>Response bytes (on the wire: gzip applied) the origin did not send in the window, because a browser or the CDN answered.</summary>
    public double SavedBytes => _savedBytes;

    /// <summary>
    /// A new request, its class drawn: true when the browser or the CDN answers it (it goes no further here); false when
    /// it goes on to the origin.
    /// </summary>
    public override bool Accept(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        ClassCacheSpec? spec = _spec[r.Class];
        if (spec is null) return false;
        RandomStream random = Model.DecisionStream(_seed, r.Key);
        double saved = Model.ResponseSize(r.Class, random) * _wireRatio; // drawn always: the same draws whoever answers
        double u = random.NextDouble();
        int column = _browserColumn[r.Class];
        if (column >= 0 && r.User >= 0 && Sim.Now - _fetched[r.User * _browserClasses + column] < spec.Browser!.MaxAgeSeconds)
        {
            if (Model.WindowOpen)
            {
                _browserHits++;
                _savedBytes += saved;
            }
            Model.ServedByBrowser(slot);
            return true;
        }
        if (spec.Cdn is { } cdn && u < cdn.HitRatio)
        {
            if (Model.WindowOpen)
            {
                _cdnHits++;
                _savedBytes += saved;
            }
            double edge = cdn.EdgeTimeSeconds.Sample(random);
            r.AtEdge = true;
            Model.ArriveAtEdge(slot);
            Model.BeginSegment(slot, BreakdownCategory.Network, edge);
            Sim.Schedule(edge, this, KEdgeServed, Model.TagOf(slot));
            return true;
        }
        if (Model.WindowOpen) _origin++;
        return false;
    }

    /// <summary>The response reached its client: a closed-load user's browser keeps it (its max-age starts now).</summary>
    public void Delivered(int slot)
    {
        ref StackRequest r = ref Model.Request(slot);
        int column = _browserColumn[r.Class];
        if (column >= 0 && r.User >= 0) _fetched[r.User * _browserClasses + column] = Sim.Now;
    }

    public override void ResetStatistics()
    {
        _browserHits = _cdnHits = _origin = 0;
        _savedBytes = 0;
    }

    public override void ReportMetrics(ICollection<StationMetric> metrics)
    {
        metrics.Add(new StationMetric(Name, "browser_hits_total", _browserHits));
        metrics.Add(new StationMetric(Name, "cdn_hits_total", _cdnHits));
        metrics.Add(new StationMetric(Name, "saved_bytes", _savedBytes));
    }

    public override void Handle(Simulation simulation, int kind, long data)
    {
        if (kind != KEdgeServed) throw new InvalidOperationException($"Unknown event kind {kind}.");
        int slot = Model.Live(data);
        if (slot < 0) return;
        Model.EndSegment(slot);
        Model.Complete(slot);
    }

    public override string KindName(int kind) => kind == KEdgeServed ? "EdgeServed" : base.KindName(kind);
}
