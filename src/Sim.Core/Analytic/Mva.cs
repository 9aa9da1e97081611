namespace Sim.Analytic;

/// <summary>
/// Exact mean value analysis (Reiser and Lavenberg, 1980) of a closed, single-class, product-form
/// network: N customers cycle between a delay (think) station with mean Z and K queueing stations with
/// demands D_k and c_k servers — the interactive model "N users with think time Z".
/// </summary>
/// <remarks>
/// <para>Single-server station: R_k(n) = D_k·(1 + Q_k(n − 1)) (arrival theorem).</para>
/// <para>Multi-server station (load-dependent, exact; Reiser and Lavenberg, 1980; Bolch et al.,
/// <i>Queueing Networks and Markov Chains</i>, 2nd ed., 2006, §8.2): with marginal probabilities
/// p_k(j | n) of j customers at k,
/// R_k(n) = (D_k/c_k)·[1 + Q_k(n − 1) + Σ_{j=0}^{c_k−2} (c_k − 1 − j)·p_k(j | n − 1)] and
/// p_k(j | n) = (D_k/j)·X(n)·p_k(j − 1 | n − 1) for 1 ≤ j ≤ c_k − 1.</para>
/// <para>Then X(n) = n/(Z + Σ_k R_k(n)) and Q_k(n) = X(n)·R_k(n).</para>
/// <para><b>Numerics.</b> The textbook closes the recursion with p_k(0 | n) = 1 − Σ_{j≥1} p_k(j | n)
/// (equivalently 1 − [X·D_k + Σ (c_k − j)·p_k(j | n)]/c_k). That subtraction is numerically unstable:
/// past the saturation point its rounding error grows geometrically with n, and clamping negative values
/// to 0 does not help — for one 8-server station it is off by 20 % at N = 170. Sim instead uses the
/// product-form identity p_k(0 | n) = G_{−k}(n)/G(n), i.e.
/// p_k(0 | n) = p_k(0 | n − 1)·X(n)/X_{−k}(n), where X_{−k} is the throughput of the same network
/// without station k (solved by the same algorithm; with Z = 0 and no other station, p_k(0 | n) = 0).
/// Every step then multiplies and adds positive numbers only, so relative error grows at most linearly in N.</para>
/// <para>Cost: O(N·Σ c_k) per solve, and one extra solve per subset of the multi-server stations
/// (2^L solves for L multi-server stations, L ≤ 12). Pure function; thread safe.</para>
/// </remarks>
public static class Mva
{
    /// <summary>The most multi-server stations a network may have (the cost doubles with each).</summary>
    public const int MaxMultiServerStations = 12;

    /// <summary>Solves the network for every population 1 … <paramref name="customers"/>.</summary>
    /// <param name="customers">N, the number of customers (users); 1 ≤ N ≤ 10⁶.</param>
    /// <param name="thinkTime">Z, mean think time per cycle at the delay station, seconds; finite, ≥ 0.</param>
    /// <param name="stations">The K ≥ 1 queueing stations; each demand finite and &gt; 0, each server count ≥ 1; at most <see cref="MaxMultiServerStations"/> with more than one server.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument or a station field is out of range, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="stations"/> is empty or has too many multi-server stations.</exception>
    public static MvaResult Compute(int customers, double thinkTime, ReadOnlySpan<MvaStation> stations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(customers, 1_000_000);
        Guard.NonNegative(thinkTime, nameof(thinkTime));
        ValidateStations(stations);
        int multi = 0;
        foreach (var s in stations) if (s.Servers > 1) multi++;
        if (multi > MaxMultiServerStations)
            throw new ArgumentException($"{multi} multi-server stations; at most {MaxMultiServerStations} are supported.", nameof(stations));

        int k = stations.Length;
        var station = stations.ToArray();
        var response = new double[customers];
        var residence = new double[customers * k];
        var queue = new double[customers * k];
        var utilization = new double[customers * k];
        var throughput = Solve(customers, thinkTime, station, response, residence, queue, utilization);
        return new MvaResult(customers, thinkTime, station, throughput, response, residence, queue, utilization);
    }

    /// <summary>The MVA recursion; returns X(1 … N) and fills the optional per-population outputs.</summary>
    private static double[] Solve(int customers, double thinkTime, MvaStation[] station,
        double[]? response, double[]? residence, double[]? queue, double[]? utilization)
    {
        int k = station.Length;
        var throughput = new double[customers];
        var q = new double[k];                  // Q_k(n − 1)
        var p = new double[k][];                // p_k(j | n − 1), j = 0 … c_k − 1
        var complementX = new double[k][];      // X_{−k}(n), for multi-server stations
        var r = new double[k];
        for (int s = 0; s < k; s++)
        {
            int c = station[s].Servers;
            if (c == 1) continue;
            p[s] = new double[c];
            p[s][0] = 1.0;
            if (k > 1)
            {
                var rest = new MvaStation[k - 1];
                for (int i = 0, o = 0; i < k; i++) if (i != s) rest[o++] = station[i];
                complementX[s] = Solve(customers, thinkTime, rest, null, null, null, null);
            }
            else if (thinkTime > 0.0)
            {
                var x = new double[customers];
                for (int n = 1; n <= customers; n++) x[n - 1] = n / thinkTime; // delay station alone
                complementX[s] = x;
            }
            // else: no other station and Z = 0, so G_{−k}(n) = 0 and p_k(0 | n) = 0 for n ≥ 1.
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
            if (response is not null) response[n - 1] = total;
            for (int s = 0; s < k; s++)
            {
                double d = station[s].ServiceDemand;
                int c = station[s].Servers;
                q[s] = x * r[s];
                if (residence is not null)
                {
                    int cell = (n - 1) * k + s;
                    residence[cell] = r[s];
                    queue![cell] = q[s];
                    utilization![cell] = x * d / c;
                }
                if (c > 1)
                {
                    double[] ps = p[s];
                    // p(j | n) from p(j − 1 | n − 1): top down, in place, p(0 | n) last.
                    for (int j = c - 1; j >= 1; j--) ps[j] = d / j * x * ps[j - 1];
                    double[]? xc = complementX[s];
                    ps[0] = xc is null ? 0.0 : ps[0] * (x / xc[n - 1]);
                }
            }
        }
        return throughput;
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
