using Sim.Distributions;
using Sim.Kernel;
using Sim.Randomness;
using Sim.Statistics;

namespace Sim.Models;

/// <summary>
/// A G/G/c/K FIFO queueing station on the kernel's low-level mechanism: open arrivals with a given
/// inter-arrival distribution, <see cref="Servers"/> identical servers, and room for at most
/// <see cref="SystemCapacity"/> customers in the system (arrivals finding it full are blocked and
/// lost). The textbook systems — M/M/1, M/M/c, M/D/1, M/G/1, M/M/c/c — are special cases.
/// </summary>
/// <remarks>
/// <para>Statistics cover the observation window that starts at the last <see cref="ResetStatistics"/>
/// (call it at the end of the warm-up) and ends at <see cref="EndWindow"/>. Waiting and response times are
/// recorded for the customers that arrived inside the window (its cohort); after <see cref="EndWindow"/> the
/// simulation can go on until <see cref="DrainPending"/> is false (the station stops the run when the last of
/// them leaves), so the slowest of them — those still in the system when the window closes — are not lost.
/// Time averages, arrivals, blocking and departures stop at the window's end.</para>
/// <para>Random numbers come from two named streams, "&lt;name&gt;/arrivals" and "&lt;name&gt;/service",
/// so changing the service distribution never changes the arrival sequence.</para>
/// <para>No allocation per customer once the queue has grown to its peak length. Not thread safe.</para>
/// </remarks>
public sealed class MultiServerQueue : IEventTarget
{
    private const int ArrivalKind = 0, DepartureKind = 1;

    private readonly Distribution _interarrival, _service;
    private readonly RandomStream _arrivalStream, _serviceStream;
    private readonly RingQueue<double> _queue = new(); // arrival times of waiting customers
    private double _windowStart, _windowEnd = double.PositiveInfinity;
    private long _cohortInSystem;
    private (double InSystem, double InQueue, double Busy)? _frozen;
    private Tally _wait, _response;
    private readonly TimeWeighted _inSystem, _inQueue, _busy;

    /// <summary>Creates the station and schedules its first arrival.</summary>
    /// <param name="simulation">The simulation to run in.</param>
    /// <param name="streams">Source of the station's random streams.</param>
    /// <param name="interarrival">Time between arrivals, seconds.</param>
    /// <param name="service">Service time, seconds.</param>
    /// <param name="servers">Servers c, ≥ 1.</param>
    /// <param name="systemCapacity">Maximum customers in the system K (in service + waiting), ≥ <paramref name="servers"/>; default unbounded.</param>
    /// <param name="replication">Replication index for the streams, ≥ 0; default 0.</param>
    /// <param name="name">Stream-name prefix; default "station".</param>
    public MultiServerQueue(Simulation simulation, StreamFactory streams, Distribution interarrival, Distribution service,
        int servers, int systemCapacity = int.MaxValue, int replication = 0, string name = "station")
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(interarrival);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        ArgumentOutOfRangeException.ThrowIfLessThan(systemCapacity, servers);
        Simulation = simulation;
        _interarrival = interarrival;
        _service = service;
        Servers = servers;
        SystemCapacity = systemCapacity;
        _arrivalStream = streams.Create(name + "/arrivals", replication);
        _serviceStream = streams.Create(name + "/service", replication);
        _windowStart = simulation.Now;
        _inSystem = new TimeWeighted(simulation.Now);
        _inQueue = new TimeWeighted(simulation.Now);
        _busy = new TimeWeighted(simulation.Now);
        simulation.Schedule(_interarrival.Sample(_arrivalStream), this, ArrivalKind);
    }

    /// <summary>The simulation the station runs in.</summary>
    public Simulation Simulation { get; }

    /// <summary>Servers c.</summary>
    public int Servers { get; }

    /// <summary>Maximum customers in the system K; <see cref="int.MaxValue"/> when unbounded.</summary>
    public int SystemCapacity { get; }

    /// <summary>Busy servers now.</summary>
    public int BusyServers { get; private set; }

    /// <summary>Customers waiting now.</summary>
    public int QueueLength => _queue.Count;

    /// <summary>Arrivals in the window (including blocked ones).</summary>
    public long Arrivals { get; private set; }

    /// <summary>Arrivals in the window that found the system full.</summary>
    public long Blocked { get; private set; }

    /// <summary>Customers that arrived in the window, started service, and had to wait (wait &gt; 0).</summary>
    public long WaitedCount { get; private set; }

    /// <summary>Departures in the window (also of customers that arrived before it).</summary>
    public long Departures { get; private set; }

    /// <summary>Waiting time in queue (seconds) of customers that arrived in the window, recorded when their service starts (so it includes customers still in service).</summary>
    public Tally Wait => _wait;

    /// <summary>Response time (wait + service, seconds) of customers that arrived in the window and have departed.</summary>
    public Tally Response => _response;

    /// <summary>Optional histogram of response times (seconds); set before running to collect percentiles.</summary>
    public LatencyHistogram? ResponseHistogram { get; set; }

    /// <summary>
    /// Optional histogram of waiting times in queue (seconds) of customers that arrived in the window, recorded
    /// when their service starts, as <see cref="Wait"/> is; set before running to collect waiting-time
    /// percentiles. Customers who did not wait land in the histogram's zero bucket.
    /// </summary>
    public LatencyHistogram? WaitHistogram { get; set; }

    /// <summary>Time-average number in the system over the window.</summary>
    public double MeanNumberInSystem => _frozen?.InSystem ?? _inSystem.Mean(Simulation.Now);

    /// <summary>Time-average number waiting over the window.</summary>
    public double MeanQueueLength => _frozen?.InQueue ?? _inQueue.Mean(Simulation.Now);

    /// <summary>Time-average fraction of servers busy over the window, in [0, 1].</summary>
    public double Utilization => (_frozen?.Busy ?? _busy.Mean(Simulation.Now)) / Servers;

    /// <summary>True while customers that arrived in an ended window are still in the system.</summary>
    public bool DrainPending => _frozen is not null && _cohortInSystem > 0;

    /// <summary>
    /// Ends the observation window now: time averages, arrivals, blocking and departures keep their values; only the
    /// waiting and response times of the customers that arrived in the window are still recorded as they leave.
    /// </summary>
    /// <exception cref="InvalidOperationException">The window was already ended.</exception>
    public void EndWindow()
    {
        if (_frozen is not null) throw new InvalidOperationException("The observation window has already ended.");
        double now = Simulation.Now;
        _frozen = (_inSystem.Mean(now), _inQueue.Mean(now), _busy.Mean(now));
        _windowEnd = now;
    }

    private bool InCohort(double arrivedAt) => arrivedAt >= _windowStart && arrivedAt < _windowEnd;

    /// <summary>Fraction of arrivals in the window that were blocked, in [0, 1]; 0 when none arrived.</summary>
    public double BlockingProbability => Arrivals == 0 ? 0 : Blocked / (double)Arrivals;

    /// <summary>Departures per second over the window.</summary>
    public double Throughput
    {
        get
        {
            double end = _frozen is null ? Simulation.Now : _windowEnd;
            return end > _windowStart ? Departures / (end - _windowStart) : 0;
        }
    }

    /// <summary>Starts a new observation window at the current time (e.g. after the warm-up); customers already present are not counted.</summary>
    public void ResetStatistics()
    {
        double now = Simulation.Now;
        _windowStart = now;
        _windowEnd = double.PositiveInfinity;
        _frozen = null;
        _cohortInSystem = 0;
        _wait = default;
        _response = default;
        ResponseHistogram?.Reset();
        WaitHistogram?.Reset();
        Arrivals = Blocked = Departures = WaitedCount = 0;
        _inSystem.Reset(now);
        _inQueue.Reset(now);
        _busy.Reset(now);
    }

    /// <inheritdoc />
    public void Handle(Simulation simulation, int kind, long data)
    {
        double now = simulation.Now;
        if (kind == ArrivalKind)
        {
            simulation.Schedule(_interarrival.Sample(_arrivalStream), this, ArrivalKind);
            bool open = _frozen is null;
            if (open) Arrivals++;
            if (BusyServers + _queue.Count >= SystemCapacity)
            {
                if (open) Blocked++;
                return;
            }
            if (open) _cohortInSystem++;
            _inSystem.Update(now, BusyServers + _queue.Count + 1);
            if (BusyServers < Servers)
            {
                StartService(simulation, now, arrivedAt: now);
            }
            else
            {
                _queue.Enqueue(now);
                _inQueue.Update(now, _queue.Count);
            }
        }
        else
        {
            // data carries the departing customer's arrival time, as raw bits.
            double arrivedAt = BitConverter.Int64BitsToDouble(data);
            if (_frozen is null) Departures++;
            bool cohort = InCohort(arrivedAt);
            if (cohort)
            {
                double response = now - arrivedAt;
                _response.Add(response);
                ResponseHistogram?.Record(response);
            }
            BusyServers--;
            if (_queue.Count > 0)
            {
                double waitingSince = _queue.Dequeue();
                _inQueue.Update(now, _queue.Count);
                StartService(simulation, now, waitingSince);
            }
            _busy.Update(now, BusyServers);
            _inSystem.Update(now, BusyServers + _queue.Count);
            if (cohort && --_cohortInSystem == 0 && _frozen is not null) simulation.Stop(); // the drain is over
        }
    }

    private void StartService(Simulation simulation, double now, double arrivedAt)
    {
        BusyServers++;
        _busy.Update(now, BusyServers);
        if (InCohort(arrivedAt))
        {
            _wait.Add(now - arrivedAt);
            WaitHistogram?.Record(now - arrivedAt);
            if (now > arrivedAt) WaitedCount++;
        }
        simulation.Schedule(_service.Sample(_serviceStream), this, DepartureKind, BitConverter.DoubleToInt64Bits(arrivedAt));
    }
}
