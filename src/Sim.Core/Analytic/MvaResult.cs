namespace Sim.Analytic;

/// <summary>
/// Exact mean values of a closed network for every population n = 1 … <see cref="Customers"/>, as
/// returned by <see cref="Mva.Compute"/>. Times in seconds, throughput in customers per second.
/// </summary>
/// <remarks>Immutable; thread safe. Stations are indexed 0 … <see cref="StationCount"/> − 1 in input order.</remarks>
public sealed class MvaResult
{
    private readonly double[] _throughput;
    private readonly double[] _responseTime;
    private readonly double[] _residence; // [(n − 1)·K + k]
    private readonly double[] _queue;
    private readonly double[] _utilization;

    internal MvaResult(int customers, double thinkTime, MvaStation[] stations, double[] throughput, double[] responseTime,
        double[] residence, double[] queue, double[] utilization)
    {
        Customers = customers;
        ThinkTime = thinkTime;
        Stations = Array.AsReadOnly(stations);
        _throughput = throughput;
        _responseTime = responseTime;
        _residence = residence;
        _queue = queue;
        _utilization = utilization;
    }

    /// <summary>N, the largest population solved; results exist for 1 … N.</summary>
    public int Customers { get; }

    /// <summary>Z, mean think time at the delay station, seconds.</summary>
    public double ThinkTime { get; }

    /// <summary>The queueing stations, in input order.</summary>
    public IReadOnlyList<MvaStation> Stations { get; }

    /// <summary>K, the number of queueing stations.</summary>
    public int StationCount => Stations.Count;

    /// <summary>X(n), system throughput with n customers, customers per second.</summary>
    /// <param name="customers">n in 1 … <see cref="Customers"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="customers"/> is out of range.</exception>
    public double Throughput(int customers) => _throughput[Row(customers)];

    /// <summary>R(n) = Σ_k R_k(n), response time per cycle excluding think time, seconds.</summary>
    /// <param name="customers">n in 1 … <see cref="Customers"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="customers"/> is out of range.</exception>
    public double ResponseTime(int customers) => _responseTime[Row(customers)];

    /// <summary>R_k(n), residence time at station k per cycle (all visits, queueing plus service), seconds.</summary>
    /// <param name="customers">n in 1 … <see cref="Customers"/>.</param>
    /// <param name="station">k in 0 … <see cref="StationCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public double ResidenceTime(int customers, int station) => _residence[Cell(customers, station)];

    /// <summary>Q_k(n) = X(n)·R_k(n), mean number of customers at station k (waiting plus in service).</summary>
    /// <param name="customers">n in 1 … <see cref="Customers"/>.</param>
    /// <param name="station">k in 0 … <see cref="StationCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public double QueueLength(int customers, int station) => _queue[Cell(customers, station)];

    /// <summary>U_k(n) = X(n)·D_k/c_k, utilization of each server of station k, in [0, 1].</summary>
    /// <param name="customers">n in 1 … <see cref="Customers"/>.</param>
    /// <param name="station">k in 0 … <see cref="StationCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public double Utilization(int customers, int station) => _utilization[Cell(customers, station)];

    private int Row(int customers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(customers, Customers);
        return customers - 1;
    }

    private int Cell(int customers, int station)
    {
        int row = Row(customers);
        ArgumentOutOfRangeException.ThrowIfNegative(station);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(station, StationCount);
        return row * StationCount + station;
    }
}
