namespace Sim.Statistics;

/// <summary>
/// The method of non-overlapping batch means for one long run (Law, <i>Simulation Modeling and
/// Analysis</i>, 5th ed., §9.5.3): split the (warm-up-free) series into b equal batches, treat the batch
/// means as approximately independent and normal, and build a Student-t interval with b − 1 degrees of freedom.
/// </summary>
/// <remarks>Pure function; thread safe. Independent replications are preferred when affordable.</remarks>
public static class BatchMeans
{
    /// <summary>
    /// The batch-means confidence interval of the series mean. The batch size is ⌊n/b⌋; the first
    /// n mod b observations (the oldest) are dropped so that batches are equal.
    /// </summary>
    /// <param name="series">Observations in time order, warm-up already removed; all finite, at least <paramref name="batchCount"/>.</param>
    /// <param name="batchCount">Number of batches b; ≥ 2, default 20 (10 to 30 is the usual advice).</param>
    /// <param name="level">Confidence level in (0, 1); default 0.95.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchCount"/> &lt; 2, <paramref name="level"/> outside (0, 1), or a value not finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="series"/> has fewer than <paramref name="batchCount"/> observations.</exception>
    public static ConfidenceInterval Compute(ReadOnlySpan<double> series, int batchCount = 20, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCount, 2);
        if (series.Length < batchCount)
            throw new ArgumentException($"{series.Length} observations cannot fill {batchCount} batches.", nameof(series));
        int size = series.Length / batchCount;
        int offset = series.Length - size * batchCount;
        var tally = new Tally();
        for (int j = 0; j < batchCount; j++)
        {
            double s = 0.0;
            for (int k = 0; k < size; k++)
            {
                double v = series[offset + j * size + k];
                if (!double.IsFinite(v))
                    throw new ArgumentOutOfRangeException(nameof(series), v, $"Observation {offset + j * size + k} is not a finite number.");
                s += v;
            }
            tally.Add(s / size);
        }
        return ConfidenceInterval.FromTally(in tally, level);
    }
}
