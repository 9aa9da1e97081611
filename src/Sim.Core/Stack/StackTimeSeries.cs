namespace Sim.Stack;

/// <summary>
/// Sampled state of the stack over simulated time (for queue-length-over-time and open-connection
/// charts): a fixed number of points over the whole run, so memory does not grow with run length.
/// </summary>
public sealed class StackTimeSeries
{
    /// <summary>Samples taken over warm-up + duration.</summary>
    public const int Points = 240;

    private readonly double[] _time = new double[Points + 1];
    private readonly double[] _backlog = new double[Points + 1];
    private readonly double[] _busyWorkers = new double[Points + 1];
    private readonly double[] _inSystem = new double[Points + 1];
    private readonly double[] _dbOpen = new double[Points + 1];

    internal StackTimeSeries(double interval) => IntervalSeconds = interval;

    /// <summary>Simulated seconds between samples.</summary>
    public double IntervalSeconds { get; }

    /// <summary>Samples recorded.</summary>
    public int Count { get; private set; }

    /// <summary>Sample times, seconds.</summary>
    public ReadOnlySpan<double> TimeSeconds => _time.AsSpan(0, Count);

    /// <summary>Requests waiting in the listen backlogs (all servers).</summary>
    public ReadOnlySpan<double> Backlog => _backlog.AsSpan(0, Count);

    /// <summary>Workers busy (all servers).</summary>
    public ReadOnlySpan<double> BusyWorkers => _busyWorkers.AsSpan(0, Count);

    /// <summary>Requests in the system.</summary>
    public ReadOnlySpan<double> InSystem => _inSystem.AsSpan(0, Count);

    /// <summary>Database connections open.</summary>
    public ReadOnlySpan<double> DbConnectionsOpen => _dbOpen.AsSpan(0, Count);

    internal bool Full => Count > Points;

    internal void Add(double time, double backlog, double busy, double inSystem, double dbOpen)
    {
        if (Full) return;
        _time[Count] = time;
        _backlog[Count] = backlog;
        _busyWorkers[Count] = busy;
        _inSystem[Count] = inSystem;
        _dbOpen[Count] = dbOpen;
        Count++;
    }
}
