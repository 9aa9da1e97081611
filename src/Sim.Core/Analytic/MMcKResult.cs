namespace Sim.Analytic;

/// <summary>
/// Steady-state measures of an M/M/c/K queue (c servers, at most K customers in the system, arrivals
/// that find K present are lost), as returned by <see cref="MMcK.Compute"/>. Times in seconds, rates per
/// second. Always stable (the state space is finite). Immutable; thread safe.
/// </summary>
public readonly record struct MMcKResult
{
    internal MMcKResult(double arrivalRate, double serviceRate, int servers, int capacity, double[] probabilities)
    {
        ArrivalRate = arrivalRate;
        ServiceRate = serviceRate;
        Servers = servers;
        Capacity = capacity;
        StateProbabilities = Array.AsReadOnly(probabilities);
        BlockingProbability = probabilities[capacity];
        Throughput = arrivalRate * (1.0 - BlockingProbability);
        double l = 0.0, lq = 0.0;
        for (int n = 1; n <= capacity; n++)
        {
            l += n * probabilities[n];
            if (n > servers) lq += (n - servers) * probabilities[n];
        }
        L = l;
        Lq = lq;
        W = l / Throughput;
        Wq = lq / Throughput;
        Utilization = Throughput / (servers * serviceRate);
    }

    /// <summary>λ, offered arrival rate, customers per second.</summary>
    public double ArrivalRate { get; }

    /// <summary>μ, service rate of one server, customers per second.</summary>
    public double ServiceRate { get; }

    /// <summary>c, number of servers; ≥ 1.</summary>
    public int Servers { get; }

    /// <summary>K, the most customers in the system (in service plus waiting); ≥ c.</summary>
    public int Capacity { get; }

    /// <summary>p₀ … p_K, the probability of n customers in the system; sums to 1. Read-only.</summary>
    public IReadOnlyList<double> StateProbabilities { get; }

    /// <summary>p_K, the probability that an arrival is lost (PASTA); in [0, 1].</summary>
    public double BlockingProbability { get; }

    /// <summary>λ(1 − p_K), accepted (and completed) customers per second.</summary>
    public double Throughput { get; }

    /// <summary>Throughput/(cμ), utilization of each server; in [0, 1].</summary>
    public double Utilization { get; }

    /// <summary>L = Σ n·pₙ, mean number in the system, customers.</summary>
    public double L { get; }

    /// <summary>Lq = Σ (n − c)⁺·pₙ, mean number waiting, customers.</summary>
    public double Lq { get; }

    /// <summary>W = L / throughput, mean response time of accepted customers (Little), seconds.</summary>
    public double W { get; }

    /// <summary>Wq = Lq / throughput, mean waiting time of accepted customers, seconds.</summary>
    public double Wq { get; }
}
