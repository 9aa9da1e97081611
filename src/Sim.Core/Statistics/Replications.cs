namespace Sim.Statistics;

/// <summary>
/// Runs independent replications in parallel across cores. Replication <c>i</c> is a pure function
/// of <c>i</c> (its seeds come from the scenario seed and <c>i</c>), and results are returned in
/// replication order, so the outcome is identical whatever the degree of parallelism.
/// </summary>
public static class Replications
{
    /// <summary>Runs <paramref name="body"/> for replications 0 … <paramref name="count"/> − 1.</summary>
    /// <typeparam name="T">A replication's result.</typeparam>
    /// <param name="count">Number of replications, ≥ 1.</param>
    /// <param name="body">Runs one replication, given its index; must not share mutable state with other replications.</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; −1 (default) for all cores, 1 for serial.</param>
    /// <param name="cancellationToken">Stops starting new replications; throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The results, indexed by replication.</returns>
    public static T[] Run<T>(int count, Func<int, T> body, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(body);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use −1 for all cores or a positive thread count.");
        var results = new T[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, count, options, i => results[i] = body(i));
        return results;
    }
}
