namespace Sim.Analytic;

/// <summary>
/// Exact mean value analysis (Reiser and Lavenberg, 1980) of a closed, single-class, product-form
/// network: N customers cycle between a delay (think) station with mean Z and K queueing stations with
/// demands D_k and c_k servers — the interactive model "N users with think time Z".
/// </summary>
/// <remarks>
/// <para>Single-server station: R_k(n) = D_k·(1 + Q_k(n − 1)) (arrival theorem).</para>
/// <para>Multi-server station (load-dependent, exact; Bolch et al., <i>Queueing Networks and Markov
/// Chains</i>, 2nd ed., 2006, §8.2.1): with marginal probabilities p_k(j | n) of j customers at k,
/// R_k(n) = (D_k/c_k)·[1 + Q_k(n − 1) + Σ_{j=0}^{c_k−2} (c_k − 1 − j)·p_k(j | n − 1)],
/// p_k(j | n) = (D_k/j)·X(n)·p_k(j − 1 | n − 1) for 1 ≤ j ≤ c_k − 1, and
/// p_k(0 | n) = 1 − [X(n)·D_k + Σ_{j=1}^{c_k−1} (c_k − j)·p_k(j | n)]/c_k.</para>
/// <para>Then X(n) = n/(Z + Σ_k R_k(n)) and Q_k(n) = X(n)·R_k(n).</para>
/// <para><b>Numerics.</b> The subtraction giving p_k(0 | n) is the known weak point of load-dependent
/// MVA: near saturation it can come out slightly negative through rounding. It is clamped to 0 (a
/// probability cannot be negative); the clamp only fires when p_k(0 | n) is below rounding level, where it
/// changes results by a relative amount of order 10⁻¹².</para>
/// <para>O(N·Σ c_k) time. Pure function; thread safe.</para>
/// </remarks>
public static class Mva
{
    /// <summary>Solves the network for every population 1 … <paramref name="customers"/>.</summary>
    /// <param name="customers">N, the number of customers (users); 1 ≤ N ≤ 10⁶.</param>
    /// <param name="thinkTime">Z, mean think time per cycle at the delay station, seconds; finite, ≥ 0.</param>
    /// <param name="stations">The K ≥ 1 queueing stations; each demand finite and &gt; 0, each server count ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument or a station field is out of range, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="stations"/> is empty.</exception>
    public static MvaResult Compute(int customers, double thinkTime, ReadOnlySpan<MvaStation> stations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(customers, 1_000_000);
        Guard.NonNegative(thinkTime, nameof(thinkTime));
        ValidateStations(stations);

        int k = stations.Length;
        var station = stations.ToArray();
        var throughput = new double[customers];
        var response = new double[customers];
        var residence = new double[customers * k];
        var queue = new double[customers * k];
        var utilization = new double[customers * k];

        var q = new double[k];                  // Q_k(n − 1)
        var p = new double[k][];                // p_k(j | n − 1), j = 0 … c_k − 1
        var r = new double[k];
        for (int s = 0; s < k; s++)
        {
            int c = station[s].Servers;
            if (c > 1)
            {
                p[s] = new double[c];
                p[s][0] = 1.0;
            }
        }

        for (int n = 1; n <= customers; n++)
        {
            double total = 0.0;
            for (int s = 0; s < k; s++)
            {
                double d = station[s].ServiceDemand;
                int c = station[s].Servers;
                if (c == 1)
                {
                    r[s] = d * (1.0 + q[s]);
                }
                else
                {
                    double[] ps = p[s];
                    double extra = 0.0;
                    for (int j = 0; j <= c - 2; j++) extra += (c - 1 - j) * ps[j];
                    r[s] = d / c * (1.0 + q[s] + extra);
                }
                total += r[s];
            }
            double x = n / (thinkTime + total);
            throughput[n - 1] = x;
            response[n - 1] = total;
            for (int s = 0; s < k; s++)
            {
                double d = station[s].ServiceDemand;
                int c = station[s].Servers;
                q[s] = x * r[s];
                int cell = (n - 1) * k + s;
                residence[cell] = r[s];
                queue[cell] = q[s];
                utilization[cell] = x * d / c;
                if (c > 1)
                {
                    double[] ps = p[s];
                    // p(j | n) from p(j − 1 | n − 1): update from the top down, in place.
                    int top = Math.Min(c - 1, n);
                    for (int j = c - 1; j > top; j--) ps[j] = 0.0;
                    for (int j = top; j >= 1; j--) ps[j] = d / j * x * ps[j - 1];
                    double weighted = x * d;
                    for (int j = 1; j <= c - 1; j++) weighted += (c - j) * ps[j];
                    ps[0] = Math.Max(0.0, 1.0 - weighted / c);
                }
            }
        }
        return new MvaResult(customers, thinkTime, station, throughput, response, residence, queue, utilization);
    }

    internal static void ValidateStations(ReadOnlySpan<MvaStation> stations)
    {
        if (stations.IsEmpty) throw new ArgumentException("At least one queueing station is needed.", nameof(stations));
        for (int s = 0; s < stations.Length; s++)
        {
            double d = stations[s].ServiceDemand;
            if (!(d > 0.0) || double.IsPositiveInfinity(d))
                throw new ArgumentOutOfRangeException(nameof(stations), d, $"Station {s}: the service demand must be a finite number of seconds > 0.");
            if (stations[s].Servers < 1)
                throw new ArgumentOutOfRangeException(nameof(stations), stations[s].Servers, $"Station {s}: the number of servers must be ≥ 1.");
        }
    }
}
