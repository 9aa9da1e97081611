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
/// (call it at the end of the warm-up). Waiting and response times are recorded at departure for
/// customers that arrived inside the window.</para>
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
    private double _windowStart;
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
    public double MeanNumberInSystem => _inSystem.Mean(Simulation.Now);

    /// <summary>Time-average number waiting over the window.</summary>
    public double MeanQueueLength => _inQueue.Mean(Simulation.Now);

    /// <summary>Time-average fraction of servers busy over the window, in [0, 1].</summary>
    public double Utilization => _busy.Mean(Simulation.Now) / Servers;

    /// <summary>Fraction of arrivals in the window that were blocked, in [0, 1]; 0 when none arrived.</summary>
    public double BlockingProbability => Arrivals == 0 ? 0 : Blocked / (double)Arrivals;

    /// <summary>Departures per second over the window.</summary>
    public double Throughput => Simulation.Now > _windowStart ? Departures / (Simulation.Now - _windowStart) : 0;

    /// <summary>Starts a new observation window at the current time (e.g. after the warm-up); customers already present are not counted.</summary>
    public void ResetStatistics()
    {
        double now = Simulation.Now;
        _windowStart = now;
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
            Arrivals++;
            if (BusyServers + _queue.Count >= SystemCapacity)
            {
                Blocked++;
                return;
            }
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
            Departures++;
            if (arrivedAt >= _windowStart)
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
        }
    }

    private void StartService(Simulation simulation, double now, double arrivedAt)
    {
        BusyServers++;
        _busy.Update(now, BusyServers);
        if (arrivedAt >= _windowStart)
        {
            _wait.Add(now - arrivedAt);
            WaitHistogram?.Record(now - arrivedAt);
            if (now > arrivedAt) WaitedCount++;
        }
        simulation.Schedule(_service.Sample(_serviceStream), this, DepartureKind, BitConverter.DoubleToInt64Bits(arrivedAt));
    }
}
