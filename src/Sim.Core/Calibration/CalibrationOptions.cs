using Sim.AccessLogs;

namespace Sim.Calibration;

/// <summary>Options of <see cref="AccessLogCalibration.Run(string, CalibrationOptions?, Action{long}?, CancellationToken)"/>. Immutable.</summary>
public sealed record CalibrationOptions
{
    /// <summary>The log's format; default <see cref="AccessLogFormat.Auto"/>.</summary>
    public AccessLogFormat Format { get; init; } = AccessLogFormat.Auto;

    /// <summary>
    /// Optional CPU samples (CSV: <c>time_unix,component,…,cpu_s</c> with cumulative CPU seconds per component, as
    /// <c>validation/stack/cpu.sh</c> writes; see docs/calibration.md). Null: the app's time cannot be split into CPU and
    /// waiting, and is all taken as CPU. Default null.
    /// </summary>
    public string? CpuSamplesPath { get; init; }

    /// <summary>Most request classes kept (by count); the rest are merged into a class <c>other</c>. Range [1, 100]; default 8.</summary>
    public int MaxClasses { get; init; } = 8;

    /// <summary>
    /// Low load: a request is fitted for service demand when the mean number of <em>other</em> requests in flight during the
    /// second it started was at most this. Range (0, 1000]; default 1. When fewer than <see cref="MinLowLoadShare"/> of the
    /// requests qualify, the threshold is raised to the load level below which that share falls.
    /// </summary>
    public double LowLoadConcurrency { get; init; } = 1.0;

    /// <summary>Least share of requests fitted as low load (see <see cref="LowLoadConcurrency"/>). Range (0, 1]; default 0.2.</summary>
    public double MinLowLoadShare { get; init; } = 0.2;

    /// <summary>
    /// The machine's cores when the CPU samples put servers besides the app on it; null (default): from the samples' host row
    /// ((busy + idle) CPU seconds per wall second). Range [1, 4096].
    /// </summary>
    public int? HostCores { get; init; }

    /// <summary>The app's worker count (a log cannot show it); null (default): 3, or more to stay below 70 % busy. Range [1, 1000].</summary>
    public int? Workers { get; init; }

    /// <summary>The scenario's name; default "calibrated".</summary>
    public string Name { get; init; } = "calibrated";

    /// <summary>Name of the log for the notes (a path or a description); default "access log".</summary>
    public string SourceName { get; init; } = "access log";
}
