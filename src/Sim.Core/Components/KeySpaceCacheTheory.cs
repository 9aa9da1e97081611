namespace Sim.Components;

/// <summary>
/// Closed-form hit ratios for a key-space cache under the independent reference model (IRM: each
/// request is for key k with probability p_k, independently of the past), to check
/// <see cref="KeySpaceCache"/> against and to size a cache without simulating.
/// </summary>
/// <remarks>
/// <para><b>LRU, equal sizes, no TTL — Che's approximation</b> (H. Che, Y. Tung, Z. Wang,
/// "Hierarchical Web caching systems: modeling, design and experimental results", IEEE JSAC 20(7),
/// 2002; justified and shown asymptotically exact for Zipf popularity by C. Fricker, P. Robert,
/// J. Roberts, "A versatile and accurate approximation for LRU cache performance", ITC 24, 2012).
/// A key is in an LRU cache of C objects iff it was requested within the last T_C requests, where
/// the characteristic time T_C (in requests) is treated as a constant solving
/// Σ_k (1 − e^(−p_k T_C)) = C. Then h = Σ_k p_k (1 − e^(−p_k T_C)).</para>
/// <para><b>TTL, no memory limit — exact.</b> Cache-aside with Redis semantics: a miss on key k sets
/// it at once with TTL τ, reads do not extend the TTL, and after expiry the next read misses.
/// With Poisson requests at rate λ, key k is read at rate λp_k; a renewal cycle is one miss, then τ
/// seconds in which every read hits (λp_kτ of them on average), then an exponential wait for the
/// next read (which misses). By the renewal-reward theorem key k's hit ratio is
/// λp_kτ / (1 + λp_kτ), so h = Σ_k p_k · λp_kτ / (1 + λp_kτ). Exact for Poisson arrivals and an
/// immediate fill; a fill delayed by d adds the reads in the gap as misses.</para>
/// <para>Cost O(N) per evaluation; T_C needs a few tens of evaluations (safeguarded Newton), fine up
/// to N ≈ 10⁷. Stateless; thread safe.</para>
/// </remarks>
public static class KeySpaceCacheTheory
{
    /// <summary>The Zipf popularities p_k = (k + 1)^(−s) / H(N, s) of keys k = 0..N−1 (key 0 hottest), as used by <see cref="KeySpaceCache"/>.</summary>
    /// <param name="keyCount">N, range 1..<see cref="ZipfSampler.MaxRanks"/>.</param>
    /// <param name="zipfExponent">s, range [0, 50].</param>
    /// <returns>A new array of N probabilities summing to 1 (within rounding).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double[] ZipfPopularity(int keyCount, double zipfExponent)
    {
        var zipf = new ZipfSampler(keyCount, zipfExponent);
        var p = new double[keyCount];
        double norm = zipf.HarmonicNumber;
        for (int k = 0; k < keyCount; k++) p[k] = Math.Pow(k + 1, -zipfExponent) / norm;
        return p;
    }

    /// <summary>
    /// Che's characteristic time T_C, in requests: the root of Σ_k (1 − e^(−p_k T)) = C. Multiply by the
    /// mean time between requests for seconds.
    /// </summary>
    /// <param name="popularity">p_k, each ≥ 0, summing to 1; at least one.</param>
    /// <param name="capacityObjects">C, the number of equal-size objects the cache holds; range C ≥ 0.</param>
    /// <returns>T_C ≥ 0 in requests; +∞ when C ≥ the number of keys with p_k &gt; 0 (everything fits).</returns>
    /// <exception cref="ArgumentException"><paramref name="popularity"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacityObjects"/> &lt; 0 or not finite.</exception>
    public static double CheCharacteristicTime(ReadOnlySpan<double> popularity, double capacityObjects)
    {
        if (popularity.IsEmpty) throw new ArgumentException("At least one key is needed.", nameof(popularity));
        if (!(capacityObjects >= 0 && double.IsFinite(capacityObjects)))
        {
            throw new ArgumentOutOfRangeException(nameof(capacityObjects), capacityObjects, "Capacity must be ≥ 0 objects and finite.");
        }
        int positive = 0;
        foreach (double p in popularity) if (p > 0) positive++;
        if (capacityObjects >= positive) return double.PositiveInfinity;
        if (capacityObjects == 0) return 0;

        // f(T) = Σ(1 − e^(−pT)) − C is increasing and concave with f(0) = −C < 0: Newton steps from a
        // point left of the root stay left of it and increase. Keep a bracket [lo, hi] and bisect
        // when a Newton step would leave it or makes little progress.
        double lo = 0, hi = capacityObjects;
        while (Occupancy(popularity, hi, out _) < capacityObjects) { lo = hi; hi *= 2; }
        double t = lo;
        for (int iteration = 0; iteration < 400; iteration++)
        {
            double f = Occupancy(popularity, t, out double slope) - capacityObjects;
            if (f >= 0) hi = Math.Min(hi, t); else lo = Math.Max(lo, t);
            if (Math.Abs(f) <= 1e-12 * capacityObjects || hi - lo <= 1e-14 * hi) return t;
            double newton = slope > 0 ? t - f / slope : double.PositiveInfinity;
            bool useful = newton > lo && newton < hi && (newton - t) > 1e-3 * (hi - lo);
            t = useful ? newton : 0.5 * (lo + hi);
        }
        return t;
    }

    /// <summary>Che's approximation of the LRU hit ratio for equal-size objects, h = Σ p_k (1 − e^(−p_k T_C)).</summary>
    /// <param name="popularity">p_k, each ≥ 0, summing to 1; at least one.</param>
    /// <param name="capacityObjects">C, objects the cache holds; ≥ 0.</param>
    /// <returns>The hit ratio in [0, 1]; Σ p_k (the whole mass) when everything fits.</returns>
    /// <exception cref="ArgumentException"><paramref name="popularity"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacityObjects"/> &lt; 0 or not finite.</exception>
    public static double CheLruHitRatio(ReadOnlySpan<double> popularity, double capacityObjects)
    {
        double tc = CheCharacteristicTime(popularity, capacityObjects);
        double h = 0;
        if (double.IsPositiveInfinity(tc))
        {
            foreach (double p in popularity) h += p;
            return h;
        }
        foreach (double p in popularity) h += p * (1 - Math.Exp(-p * tc));
        return h;
    }

    /// <summary>Che's approximation for Zipf popularity over N keys; see <see cref="CheLruHitRatio(ReadOnlySpan{double}, double)"/>.</summary>
    /// <param name="keyCount">N, range 1..<see cref="ZipfSampler.MaxRanks"/>.</param>
    /// <param name="zipfExponent">s, range [0, 50].</param>
    /// <param name="capacityObjects">C, objects the cache holds; ≥ 0.</param>
    /// <returns>The hit ratio in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double CheLruHitRatio(int keyCount, double zipfExponent, double capacityObjects) =>
        CheLruHitRatio(ZipfPopularity(keyCount, zipfExponent), capacityObjects);

    /// <summary>
    /// Exact hit ratio of a TTL cache without a memory limit under Poisson requests with cache-aside
    /// fill at the miss and a TTL not refreshed by reads: h = Σ p_k · λp_kτ / (1 + λp_kτ).
    /// </summary>
    /// <param name="popularity">p_k, each ≥ 0, summing to 1.</param>
    /// <param name="requestsPerSecond">λ, total read rate, requests per second; range λ &gt; 0, finite.</param>
    /// <param name="ttlSeconds">τ, seconds; range τ ≥ 0, finite (0 gives 0).</param>
    /// <returns>The hit ratio in [0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="requestsPerSecond"/> or <paramref name="ttlSeconds"/> outside its range.</exception>
    public static double TtlHitRatio(ReadOnlySpan<double> popularity, double requestsPerSecond, double ttlSeconds)
    {
        if (!(requestsPerSecond > 0 && double.IsFinite(requestsPerSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerSecond), requestsPerSecond, "The request rate must be > 0 per second and finite.");
        }
        if (!(ttlSeconds >= 0 && double.IsFinite(ttlSeconds)))
        {
            throw new ArgumentOutOfRangeException(nameof(ttlSeconds), ttlSeconds, "The TTL must be ≥ 0 seconds and finite.");
        }
        double h = 0;
        foreach (double p in popularity)
        {
            double x = requestsPerSecond * p * ttlSeconds;
            h += p * x / (1 + x);
        }
        return h;
    }

    /// <summary>Exact TTL-only hit ratio for Zipf popularity over N keys; see <see cref="TtlHitRatio(ReadOnlySpan{double}, double, double)"/>.</summary>
    /// <param name="keyCount">N, range 1..<see cref="ZipfSampler.MaxRanks"/>.</param>
    /// <param name="zipfExponent">s, range [0, 50].</param>
    /// <param name="requestsPerSecond">λ, requests per second; &gt; 0.</param>
    /// <param name="ttlSeconds">τ, seconds; ≥ 0.</param>
    /// <returns>The hit ratio in [0, 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside its range.</exception>
    public static double TtlHitRatio(int keyCount, double zipfExponent, double requestsPerSecond, double ttlSeconds) =>
        TtlHitRatio(ZipfPopularity(keyCount, zipfExponent), requestsPerSecond, ttlSeconds);

    /// <summary>Σ(1 − e^(−pT)) and its derivative Σ p e^(−pT).</summary>
    private static double Occupancy(ReadOnlySpan<double> popularity, double t, out double slope)
    {
        double sum = 0, d = 0;
        foreach (double p in popularity)
        {
            double e = Math.Exp(-p * t);
            sum += 1 - e;
            d += p * e;
        }
        slope = d;
        return sum;
    }
}
