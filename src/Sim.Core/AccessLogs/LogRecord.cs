namespace Sim.AccessLogs;

/// <summary>What the app said about its cache (<c>X-Cache</c>).</summary>
internal enum CacheOutcome : byte
{
    Unknown,
    Hit,
    Miss,
    None,
}

/// <summary>
/// One parsed access-log line. Times in seconds (NaN when the format or the line does not have them), sizes in bytes.
/// </summary>
internal struct LogRecord
{
    /// <summary>Unix time the request ended (the log write), seconds.</summary>
    public double EndUnix;

    /// <summary><c>$request_time</c>, seconds; NaN in the combined format.</summary>
    public double RequestSeconds;

    /// <summary>True when the request went to an upstream (gunicorn); false when nginx answered itself. Combined: unknown, false.</summary>
    public bool Upstream;

    /// <summary><c>$upstream_connect_time</c>, s; NaN when none.</summary>
    public double ConnectSeconds;

    /// <summary><c>$upstream_header_time</c>, s; NaN when none.</summary>
    public double HeaderSeconds;

    /// <summary><c>$upstream_response_time</c>, s: until the upstream's whole response was read; NaN when none.</summary>
    public double ResponseSeconds;

    /// <summary>HTTP status sent.</summary>
    public int Status;

    /// <summary><c>$body_bytes_sent</c> (after gzip when on).</summary>
    public long BodyBytes;

    /// <summary>Request method.</summary>
    public string Method;

    /// <summary>Request URI as sent (path and query).</summary>
    public string Uri;

    /// <summary>The app's <c>X-Cache</c>.</summary>
    public CacheOutcome Cache;

    /// <summary><c>X-App-Ms</c> converted to seconds; NaN when absent.</summary>
    public double AppSeconds;

    /// <summary><c>$gzip_ratio</c> (original / compressed); NaN when not compressed.</summary>
    public double GzipRatio;

    /// <summary>Start of the request: end minus <see cref="RequestSeconds"/> (the end itself when the duration is unknown).</summary>
    public readonly double StartUnix => double.IsNaN(RequestSeconds) ? EndUnix : EndUnix - RequestSeconds;

    /// <summary>Time the app spent: X-App-Ms when present, else upstream header time minus connect time; NaN without upstream.</summary>
    public readonly double AppTime =>
        !double.IsNaN(AppSeconds) ? AppSeconds
        : double.IsNaN(HeaderSeconds) ? double.NaN
        : Math.Max(0, HeaderSeconds - (double.IsNaN(ConnectSeconds) ? 0 : ConnectSeconds));
}
