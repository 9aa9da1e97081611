namespace Sim.Calibration;

/// <summary>
/// Arrivals and busy time (request-seconds in flight) per time bucket, from each request's start and end. Buckets are one
/// second wide until the log spans more than <see cref="MaxBuckets"/> of them; then the width doubles (neighbouring buckets
/// merge), so memory stays below ≈ 12 MB whatever the log's length. The mean number of requests in flight in a bucket is
/// its busy time divided by its width (Little's law over the bucket).
/// </summary>
internal sealed class LoadTimeline
{
    /// <summary>Most buckets kept: 2^20 (12 days at one second).</summary>
    public const int MaxBuckets = 1 << 20;

    /// <summary>A request may have started this long before the first line's start (lines are written at the end) and still be counted.</summary>
    private const double Margin = 3600;

    private double[] _busy = new double[4096];
    private int[] _arrivals = new int[4096];
    private bool _started;

    /// <summary>Unix time of bucket 0's start, seconds, a whole minute.</summary>
    public double Origin { get; private set; }

    /// <summary>Bucket width, seconds (a power of two).</summary>
    public long Width { get; private set; } = 1;

    /// <summary>Buckets in use.</summary>
    public int Length { get; private set; }

    /// <summary>Requests that started before <see cref="Origin"/> and were counted in bucket 0.</summary>
    public long Early { get; private set; }

    public double BusyAt(int i) => _busy[i];
    public int ArrivalsAt(int i) => _arrivals[i];

    /// <summary>The bucket of Unix time <paramref name="t"/> (clamped to 0).</summary>
    public int Index(double t) => (int)Math.Max(0, Math.Floor((t - Origin) / Width));

    public void Add(double start, double end)
    {
        if (!_started)
        {
            Origin = Math.Floor((start - Margin) / 60) * 60;
            _started = true;
        }
        if (start < Origin) { Early++; start = Origin; }
        if (end < start) end = start;
        int last = Ensure(end);
        int first = Index(start);
        _arrivals[first]++;
        if (end == start) return;
        for (int b = first; b <= last && b - first < 100_000; b++)
        {
            double lo = Origin + (double)b * Width, hi = lo + Width;
            double overlap = Math.Min(end, hi) - Math.Max(start, lo);
            if (overlap > 0) _busy[b] += overlap;
        }
    }

    /// <summary>Makes room for time <paramref name="t"/>, coarsening when needed; returns its bucket.</summary>
    private int Ensure(double t)
    {
        long index = (long)Math.Floor((t - Origin) / Width);
        while (index >= MaxBuckets)
        {
            Coarsen();
            index = (long)Math.Floor((t - Origin) / Width);
        }
        if (index >= _busy.Length)
        {
            int size = (int)Math.Min(MaxBuckets, Math.Max(index + 1, (long)_busy.Length * 2));
            Array.Resize(ref _busy, size);
            Array.Resize(ref _arrivals, size);
        }
        if (index + 1 > Length) Length = (int)index + 1;
        return (int)index;
    }

    private void Coarsen()
    {
        int half = (Length + 1) / 2;
        for (int i = 0; i < half; i++)
        {
            double busy = _busy[2 * i] + (2 * i + 1 < Length ? _busy[2 * i + 1] : 0);
            int arrivals = _arrivals[2 * i] + (2 * i + 1 < Length ? _arrivals[2 * i + 1] : 0);
            _busy[i] = busy;
            _arrivals[i] = arrivals;
        }
        Array.Clear(_busy, half, _busy.Length - half);
        Array.Clear(_arrivals, half, _arrivals.Length - half);
        Length = half;
        Width *= 2;
    }

    /// <summary>
    /// Mean number of requests other than this one in flight during the bucket in which a request from
    /// <paramref name="start"/> to <paramref name="end"/> started.
    /// </summary>
    public double OthersInFlight(double start, double end)
    {
        if (start < Origin) start = Origin;
        int b = Index(start);
        if (b >= Length) return 0;
        double lo = Origin + (double)b * Width, hi = lo + Width;
        double own = Math.Max(0, Math.Min(end, hi) - Math.Max(start, lo));
        return Math.Max(0, (_busy[b] - own) / Width);
    }

    /// <summary>
    /// The load threshold for "low load": <paramref name="wanted"/> when at least <paramref name="minShare"/> of the requests
    /// started in buckets at or below it, otherwise the lowest level that gives that share (approximating each request's own
    /// part of its bucket's busy time by the bucket's mean).
    /// </summary>
    public double LowLoadThreshold(double wanted, double minShare)
    {
        long total = 0, below = 0;
        var levels = new List<(double Load, int Arrivals)>();
        for (int i = 0; i < Length; i++)
        {
            int a = _arrivals[i];
            if (a == 0) continue;
            double others = Math.Max(0, (_busy[i] - Math.Min(_busy[i] / a, Width)) / Width);
            levels.Add((others, a));
            total += a;
            if (others <= wanted) below += a;
        }
        if (total == 0 || below >= minShare * total) return wanted;
        levels.Sort((x, y) => x.Load.CompareTo(y.Load));
        long sum = 0;
        foreach (var (load, a) in levels)
        {
            sum += a;
            if (sum >= minShare * total) return load;
        }
        return double.PositiveInfinity;
    }
}
