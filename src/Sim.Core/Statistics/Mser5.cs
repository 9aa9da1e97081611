namespace Sim.Statistics;

/// <summary>
/// MSER-5 warm-up (initial transient) detection, White (1997); Franklin and White (2008): average the
/// output series in non-overlapping batches of 5, and truncate the d batches that minimise
/// MSER(d) = (1/(m − d)²) · Σ_{j=d+1}^{m} (Z_j − Z̄_d)², searching d in the first half of the m batches.
/// </summary>
/// <remarks>Pure function; thread safe. A trailing partial batch (fewer than 5 observations) is ignored.</remarks>
public static class Mser5
{
    /// <summary>Observations per batch (5).</summary>
    public const int BatchSize = 5;

    /// <summary>
    /// Number of leading observations to delete as warm-up: 5·d* where d* minimises MSER(d) over
    /// 0 ≤ d ≤ ⌊m/2⌋ (smallest d on ties). A result at the end of that range means the series never
    /// settled: the run is too short, and the caller should say so rather than trust the truncation.
    /// </summary>
    /// <param name="series">Output observations in time order (e.g. response times of successive requests, or interval averages); all finite.</param>
    /// <returns>An index in [0, series.Length / 2]; 0 when there are fewer than 2 full batches.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite (ParamName "series").</exception>
    public static int TruncationPoint(ReadOnlySpan<double> series)
    {
        int m = series.Length / BatchSize;
        for (int i = 0; i < series.Length; i++)
        {
            if (!double.IsFinite(series[i]))
                throw new ArgumentOutOfRangeException(nameof(series), series[i], $"Observation {i} is not a finite number.");
        }
        if (m < 2) return 0;
        var batches = new double[m];
        for (int j = 0; j < m; j++)
        {
            double s = 0.0;
            for (int k = 0; k < BatchSize; k++) s += series[j * BatchSize + k];
            batches[j] = s / BatchSize;
        }
        // Welford over the suffix Z_d … Z_{m−1}, growing leftwards: after adding Z_d it holds M₂ of the
        // m − d batches kept when d batches are deleted.
        int dMax = m / 2;
        double mean = 0.0, m2 = 0.0;
        double best = double.PositiveInfinity;
        int bestD = 0;
        for (int d = m - 1; d >= 0; d--)
        {
            int n = m - d;
            double delta = batches[d] - mean;
            mean += delta / n;
            m2 += delta * (batches[d] - mean);
            if (d > dMax) continue;
            double stat = m2 / ((double)n * n);
            if (stat <= best)
            {
                best = stat;
                bestD = d;
            }
        }
        return bestD * BatchSize;
    }
}
