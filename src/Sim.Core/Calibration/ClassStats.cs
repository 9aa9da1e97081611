using Sim.AccessLogs;

namespace Sim.Calibration;

/// <summary>Everything kept about one request class while the log is read the second time: counts and bounded samples.</summary>
internal sealed class ClassStats(string pattern, string name)
{
    public string Pattern { get; } = pattern;
    public string Name { get; set; } = name;
    public long Count;
    public long Upstream;
    public long Status4xx;
    public long Status5xx;
    public long Hits;
    public long Misses;
    public long Compressed;
    public double CompressedBytes;
    public double OriginalBytesOfCompressed;
    public long LowLoad;

    /// <summary>Response body before compression, bytes (body × gzip ratio when compressed).</summary>
    public Sample Size { get; } = new(name + "/size");

    /// <summary>App time of upstream requests at low load / at any load, seconds.</summary>
    public Sample AppLow { get; } = new(name + "/app-low");
    public Sample AppAll { get; } = new(name + "/app-all");

    /// <summary>App time of X-Cache HIT / MISS requests at low load and at any load.</summary>
    public Sample HitLow { get; } = new(name + "/hit-low");
    public Sample MissLow { get; } = new(name + "/miss-low");
    public Sample HitAll { get; } = new(name + "/hit-all");
    public Sample MissAll { get; } = new(name + "/miss-all");

    /// <summary>$request_time at low load (for requests nginx answers itself).</summary>
    public Sample RequestLow { get; } = new(name + "/request-low");

    /// <summary>Time before the app started: header time − app time − connect time, at low load.</summary>
    public Sample QueueLow { get; } = new(name + "/queue-low");

    /// <summary>True when nginx answers most of the class itself (no upstream): static files.</summary>
    public bool AtProxy(bool durationsKnown) => Pattern == UrlPattern.Static || (durationsKnown && Upstream * 2 < Count);
}

/// <summary>Requests of the log that started inside one CPU-sampled component's interval: all, app, and the app's cache outcomes.</summary>
internal sealed class WindowCounts
{
    public long Requests;
    public long App;
    public double AppSeconds;
    public long Hits;
    public double HitSeconds;
    public long Misses;

    public void Add((string Name, double T0, double T1, double CpuSeconds)? window, in LogRecord r)
    {
        if (window is not { } w || r.StartUnix < w.T0 || r.StartUnix >= w.T1) return;
        Requests++;
        double app = r.AppTime;
        if (!r.Upstream || double.IsNaN(app)) return;
        App++;
        AppSeconds += app;
        if (r.Cache == CacheOutcome.Hit) { Hits++; HitSeconds += app; }
        else if (r.Cache == CacheOutcome.Miss) Misses++;
    }
}
