
namespace Sim.Statistics;

/// <summary>
/// Precision-driven replications (Law, <i>Simulation Modeling and Analysis</i>, 5th ed., §9.4.2, the
/// sequential procedure): run an initial set of replications, then add fixed-size batches until the
/// 95 % Student-t interval of every chosen metric has a relative half-width at or below the target, or
/// a maximum is reached. Replication <c>i</c> is always the same pure function of <c>i</c>, and the
/// batch sizes do not depend on the number of cores, so the replications used — and every result —
/// are identical whatever the degree of parallelism.
/// </summary>
public static class PrecisionRun
{
    /// <summary>Runs replications until every metric reaches the relative precision, or <paramref name="maxReplications"/>.</summary>
    /// <typeparam name="T">A replication's result.</typeparam>
    /// <param name="body">Runs replication <c>i</c>; must not share mutable state with other replications.</param>
    /// <param name="metrics">Reads each judged metric from a replication (NaN = no value in that replication; ignored). At least one.</param>
    /// <param name="relativeHalfWidth">Target half-width / |mean| of each metric's 95 % interval; in (0, 1].</param>
    /// <param name="initialReplications">Replications before the first check, ≥ 2 (an interval needs two).</param>
    /// <param name="maxReplications">Upper limit, ≥ <paramref name="initialReplications"/>.</param>
    /// <param name="batchSize">Replications added per step, ≥ 1; default 0 = <paramref name="initialReplications"/>.</param>
    /// <param name="maxDegreeOfParallelism">Threads: −1 (default) for all cores.</param>
    /// <param name="cancellationToken">Cooperative cancellation.</param>
    /// <param name="relativeResolutions">Per metric, a relative error every replication's value may carry alike (e.g. α of a
    /// histogram quantile), added to that metric's relative half-width; null for none. A target at or below a metric's
    /// resolution is never met.</param>
    /// <remarks>Stopping when the data look precise makes the interval slightly optimistic (a sequential
    /// procedure's coverage is a little below nominal for small targets); Law recommends targets ≤ 15 %, where the effect is small.</remarks>
    public static PrecisionRunResult<T> Run<T>(Func<int, T> body, IReadOnlyList<Func<T, double>> metrics, double relativeHalfWidth,
        int initialReplications, int maxReplications, int batchSize = 0, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default,
        IReadOnlyList<double>? relativeResolutions = null)
        => RunCore(body, metrics, relativeHalfWidth, initialReplications, maxReplications, batchSize, maxDegreeOfParallelism, cancellationToken,
            relativeResolutions, keepFinished: false, batchJudged: null);

    /// <summary>
    /// As <see cref="Run{T}"/>, but a cancellation keeps the replications that had finished — the batches judged so far
    /// and those of the running batch that completed — instead of throwing: the result holds them in replication order,
    /// with each metric's relative half-width over them, and <see cref="PrecisionRunResult{T}.Cancelled"/> set. Nothing
    /// finished → <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <typeparam name="T">A replication's result.</typeparam>
    /// <param name="body">Runs replication <c>i</c>; must not share mutable state with other replications.</param>
    /// <param name="metrics">Reads each judged metric from a replication (NaN = no value in that replication; ignored). At least one.</param>
    /// <param name="relativeHalfWidth">Target half-width / |mean| of each metric's 95 % interval; in (0, 1].</param>
    /// <param name="initialReplications">Replications before the first check, ≥ 2 (an interval needs two).</param>
    /// <param name="maxReplications">Upper limit, ≥ <paramref name="initialReplications"/>.</param>
    /// <param name="batchSize">Replications added per step, ≥ 1; default 0 = <paramref name="initialReplications"/>.</param>
    /// <param name="maxDegreeOfParallelism">Threads: −1 (default) for all cores.</param>
    /// <param name="cancellationToken">Stops the running replications and starts no more; what finished is returned.</param>
    /// <param name="relativeResolutions">As for <see cref="Run{T}"/>.</param>
    /// <param name="batchJudged">Called on the calling thread after each batch is judged, before the next one starts, with the
    /// state so far (the final call's argument equals the result unless cancelled); null for none.</param>
    public static PrecisionRunResult<T> RunKeepingFinished<T>(Func<int, T> body, IReadOnlyList<Func<T, double>> metrics, double relativeHalfWidth,
        int initialReplications, int maxReplications, int batchSize = 0, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default,
        IReadOnlyList<double>? relativeResolutions = null, Action<PrecisionRunResult<T>>? batchJudged = null)
        => RunCore(body, metrics, relativeHalfWidth, initialReplications, maxReplications, batchSize, maxDegreeOfParallelism, cancellationToken,
            relativeResolutions, keepFinished: true, batchJudged);

    private static PrecisionRunResult<T> RunCore<T>(Func<int, T> body, IReadOnlyList<Func<T, double>> metrics, double relativeHalfWidth,
        int initialReplications, int maxReplications, int batchSize, int maxDegreeOfParallelism, CancellationToken cancellationToken,
        IReadOnlyList<double>? relativeResolutions, bool keepFinished, Action<PrecisionRunResult<T>>? batchJudged)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count == 0) throw new ArgumentException("At least one metric is needed.", nameof(metrics));
        if (!(relativeHalfWidth > 0 && relativeHalfWidth <= 1))
            throw new ArgumentOutOfRangeException(nameof(relativeHalfWidth), relativeHalfWidth, "The target relative half-width must be in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(initialReplications, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReplications, initialReplications);
        ArgumentOutOfRangeException.ThrowIfNegative(batchSize);
        if (relativeResolutions is not null)
        {
            if (relativeResolutions.Count != metrics.Count)
                throw new ArgumentException($"One resolution per metric is needed ({relativeResolutions.Count} for {metrics.Count} metrics).", nameof(relativeResolutions));
            foreach (double r in relativeResolutions)
                if (!(r >= 0) || double.IsPositiveInfinity(r))
                    throw new ArgumentOutOfRangeException(nameof(relativeResolutions), r, "A relative resolution must be finite and ≥ 0.");
        }
        int batch = batchSize == 0 ? initialReplications : batchSize;

        var results = new List<T>(maxReplications);
        PrecisionRunResult<T> Judge(bool cancelled)
        {
            var widths = new double[metrics.Count];
            bool met = true;
            for (int m = 0; m < metrics.Count; m++)
            {
                widths[m] = RelativeHalfWidth(results, metrics[m]) + (relativeResolutions?[m] ?? 0);
                met &= widths[m] <= relativeHalfWidth;
            }
            return new PrecisionRunResult<T>(results.ToArray(), relativeHalfWidth, met, widths) { Cancelled = cancelled };
        }

        int next = initialReplications;
        while (true)
        {
            int start = results.Count, count = next - start;
            var finished = new T[count];
            var done = new bool[count];
            try
            {
                Replications.Run(count, i =>
                {
                    T result = body(start + i);
                    finished[i] = result;
                    Volatile.Write(ref done[i], true);
                    return result;
                }, maxDegreeOfParallelism, cancellationToken);
            }
            catch (OperationCanceledException) when (keepFinished)
            {
                for (int i = 0; i < count; i++)
                    if (Volatile.Read(ref done[i])) results.Add(finished[i]);
                if (results.Count == 0) throw;
                return Judge(cancelled: true);
            }
            results.AddRange(finished);
            PrecisionRunResult<T> judged = Judge(cancelled: false);
            batchJudged?.Invoke(judged);
            if (judged.TargetMet || results.Count >= maxReplications) return judged;
            next = Math.Min(maxReplications, results.Count + batch);
        }
    }

    /// <summary>Relative half-width of the 95 % interval of a metric over the results; +∞ with fewer than two values.</summary>
    private static double RelativeHalfWidth<T>(List<T> results, Func<T, double> metric)
    {
        var values = new double[results.Count];
        int n = 0;
        foreach (T r in results)
        {
            double v = metric(r);
            if (!double.IsNaN(v)) values[n++] = v;
        }
        if (n < 2) return double.PositiveInfinity;
        return ConfidenceInterval.FromSamples(values.AsSpan(0, n)).RelativeHalfWidth;
    }
}
