namespace Sim.Analytic;

/// <summary>
/// Asymptotic bounds of operational analysis (Lazowska, Zahorjan, Graham and Sevcik, <i>Quantitative
/// System Performance</i>, 1984, ch. 5), which hold for any service-time distributions and need only
/// the demands: with D = Σ D_k and bottleneck demand D_b = max_k D_k/c_k,
/// N/(N·D + Z) ≤ X(N) ≤ min(N/(D + Z), 1/D_b) and max(D, N·D_b − Z) ≤ R(N) ≤ N·D.
/// </summary>
/// <remarks>
/// For a multi-server station the per-server demand D_k/c_k is used for the bottleneck; the other
/// terms are unchanged (they remain valid because c servers are never slower than one).
/// Pure functions; thread safe.
/// </remarks>
public static class Bounds
{
    /// <summary>Bounds for N customers, think time Z and the given stations.</summary>
    /// <param name="customers">N; ≥ 1.</param>
    /// <param name="thinkTime">Z, seconds; finite, ≥ 0.</param>
    /// <param name="stations">Queueing stations (demand in seconds &gt; 0, servers ≥ 1); at least one.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument or station field is out of range, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="stations"/> is empty.</exception>
    public static ClosedBounds Closed(int customers, double thinkTime, ReadOnlySpan<MvaStation> stations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(customers);
        Guard.NonNegative(thinkTime, nameof(thinkTime));
        Mva.ValidateStations(stations);
        double total = 0.0, bottleneck = 0.0;
        foreach (var s in stations)
        {
            total += s.ServiceDemand;
            bottleneck = Math.Max(bottleneck, s.ServiceDemand / s.Servers);
        }
        double n = customers;
        return new ClosedBounds(
            customers,
            ThroughputLower: n / (n * total + thinkTime),
            ThroughputUpper: Math.Min(n / (total + thinkTime), 1.0 / bottleneck),
            ResponseTimeLower: Math.Max(total, n * bottleneck - thinkTime),
            ResponseTimeUpper: n * total,
            SaturationPopulation: (total + thinkTime) / bottleneck);
    }

    /// <summary>Bounds for single-server stations given by their demands only; see <see cref="Closed(int, double, ReadOnlySpan{MvaStation})"/>.</summary>
    /// <param name="customers">N; ≥ 1.</param>
    /// <param name="thinkTime">Z, seconds; finite, ≥ 0.</param>
    /// <param name="demands">D_k in seconds, each finite and &gt; 0; at least one.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, NaN or infinite.</exception>
    /// <exception cref="ArgumentException"><paramref name="demands"/> is empty.</exception>
    public static ClosedBounds Closed(int customers, double thinkTime, ReadOnlySpan<double> demands)
    {
        if (demands.IsEmpty) throw new ArgumentException("At least one demand is needed.", nameof(demands));
        var stations = new MvaStation[demands.Length];
        for (int i = 0; i < demands.Length; i++)
        {
            if (!(demands[i] > 0.0) || double.IsPositiveInfinity(demands[i]))
                throw new ArgumentOutOfRangeException(nameof(demands), demands[i], $"Demand {i} must be a finite number of seconds > 0.");
            stations[i] = new MvaStation(demands[i]);
        }
        return Closed(customers, thinkTime, stations);
    }
}
