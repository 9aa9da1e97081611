namespace Sim.Analytic;

/// <summary>
/// The M/M/c/K queue: c exponential servers, room for K customers in total, arrivals that find the
/// system full are lost (a listen backlog, a bounded pool). Birth–death solution
/// pₙ ∝ Π_{i=1..n} λ/(min(i, c)·μ), n = 0 … K (Gross et al., <i>Fundamentals of Queueing Theory</i>,
/// 4th ed., §2.5), evaluated in log space and normalised, so large K and loads do not overflow.
/// </summary>
/// <remarks>Pure function; thread safe. With K = c this is the Erlang loss system, p_K = <see cref="ErlangB.Blocking"/>.</remarks>
public static class MMcK
{
    /// <summary>Steady-state measures of an M/M/c/K queue. O(K) time and memory.</summary>
    /// <param name="arrivalRate">λ, offered arrivals per second; finite, &gt; 0.</param>
    /// <param name="serviceRate">μ, completions per second of one busy server; finite, &gt; 0.</param>
    /// <param name="servers">c, number of servers; ≥ 1.</param>
    /// <param name="capacity">K, the most customers in the system, in service included; c ≤ K ≤ 10⁸.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static MMcKResult Compute(double arrivalRate, double serviceRate, int servers, int capacity)
    {
        Guard.Positive(arrivalRate, nameof(arrivalRate));
        Guard.Positive(serviceRate, nameof(serviceRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, servers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 100_000_000);
        var p = new double[capacity + 1];
        double logLambda = Math.Log(arrivalRate), logMu = Math.Log(serviceRate);
        double max = 0.0;
        for (int n = 1; n <= capacity; n++)
        {
            p[n] = p[n - 1] + logLambda - logMu - Math.Log(Math.Min(n, servers));
            if (p[n] > max) max = p[n];
        }
        double total = 0.0;
        for (int n = 0; n <= capacity; n++)
        {
            p[n] = Math.Exp(p[n] - max);
            total += p[n];
        }
        for (int n = 0; n <= capacity; n++) p[n] /= total;
        return new MMcKResult(arrivalRate, serviceRate, servers, capacity, p);
    }
}
