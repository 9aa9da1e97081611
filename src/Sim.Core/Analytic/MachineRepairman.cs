namespace Sim.Analytic;

/// <summary>
/// The machine-repairman model (finite-source queue M/M/c//N): N customers each think for an
/// exponential time with mean Z, then queue for one of c exponential servers with mean service time S.
/// Birth–death solution with j customers at the station: birth rate (N − j)/Z, death rate min(j, c)/S,
/// p_j ∝ Π_{i=1..j} ((N − i + 1)/Z)/(min(i, c)/S), computed in log space.
/// </summary>
/// <remarks>
/// Reference: Kleinrock, <i>Queueing Systems</i> vol. 1 (1975), §3.8 (finite customer population);
/// Gross et al., <i>Fundamentals of Queueing Theory</i>, 4th ed., §2.7. The same network as
/// <see cref="Mva.Compute"/> with one c-server station, so the two must agree. Pure function; thread safe.
/// </remarks>
public static class MachineRepairman
{
    /// <summary>Steady state of the machine-repairman model. O(N).</summary>
    /// <param name="customers">N; 1 ≤ N ≤ 10⁸.</param>
    /// <param name="thinkTime">Z, mean think time in seconds; finite, ≥ 0 (0: every customer is always at the station).</param>
    /// <param name="serviceTime">S, mean service time in seconds; finite, &gt; 0.</param>
    /// <param name="servers">c; ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    public static MachineRepairmanResult Compute(int customers, double thinkTime, double serviceTime, int servers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(customers, 100_000_000);
        Guard.NonNegative(thinkTime, nameof(thinkTime));
        Guard.Positive(serviceTime, nameof(serviceTime));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        var p = new double[customers + 1];
        if (thinkTime == 0.0)
        {
            p[customers] = 1.0;
            return new MachineRepairmanResult(customers, thinkTime, serviceTime, servers, p);
        }
        double logRatio = Math.Log(serviceTime) - Math.Log(thinkTime);
        double max = 0.0;
        for (int j = 1; j <= customers; j++)
        {
            p[j] = p[j - 1] + Math.Log(customers - j + 1) + logRatio - Math.Log(Math.Min(j, servers));
            if (p[j] > max) max = p[j];
        }
        double total = 0.0;
        for (int j = 0; j <= customers; j++)
        {
            p[j] = Math.Exp(p[j] - max);
            total += p[j];
        }
        for (int j = 0; j <= customers; j++) p[j] /= total;
        return new MachineRepairmanResult(customers, thinkTime, serviceTime, servers, p);
    }
}
