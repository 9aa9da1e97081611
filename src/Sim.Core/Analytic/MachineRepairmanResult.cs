namespace Sim.Analytic;

/// <summary>
/// Steady state of the machine-repairman (finite-source, M/M/c//N) model, as returned by
/// <see cref="MachineRepairman.Compute"/>. Times in seconds, throughput in customers per second.
/// Immutable; thread safe.
/// </summary>
public readonly record struct MachineRepairmanResult
{
    internal MachineRepairmanResult(int customers, double thinkTime, double serviceTime, int servers, double[] probabilities)
    {
        Customers = customers;
        ThinkTime = thinkTime;
        ServiceTime = serviceTime;
        Servers = servers;
        StateProbabilities = Array.AsReadOnly(probabilities);
        double x = 0.0, l = 0.0;
        for (int j = 1; j <= customers; j++)
        {
            x += Math.Min(j, servers) * probabilities[j];
            l += j * probabilities[j];
        }
        Throughput = x / serviceTime;
        QueueLength = l;
        ResponseTime = l / Throughput;
        Utilization = Throughput * serviceTime / servers;
    }

    /// <summary>N, the number of customers (machines, users).</summary>
    public int Customers { get; }

    /// <summary>Z, mean think (up) time, seconds.</summary>
    public double ThinkTime { get; }

    /// <summary>S, mean service (repair) time, seconds.</summary>
    public double ServiceTime { get; }

    /// <summary>c, number of servers (repairmen).</summary>
    public int Servers { get; }

    /// <summary>p₀ … p_N, probability of j customers at the service station (waiting or in service). Read-only.</summary>
    public IReadOnlyList<double> StateProbabilities { get; }

    /// <summary>X = Σ min(j, c)·p_j / S, completions per second.</summary>
    public double Throughput { get; }

    /// <summary>Q = Σ j·p_j, mean number at the service station, customers.</summary>
    public double QueueLength { get; }

    /// <summary>R = Q/X, mean time at the service station per cycle (Little), seconds; excludes think time.</summary>
    public double ResponseTime { get; }

    /// <summary>X·S/c, utilization of each server, in [0, 1].</summary>
    public double Utilization { get; }
}
