namespace Sim.Statistics;

/// <summary>A monotone event count (requests completed, connections created, evictions …).</summary>
/// <remarks>Starts at 0. Not thread safe: one counter belongs to one simulation.</remarks>
public sealed class Counter
{
    /// <summary>The current count; ≥ 0.</summary>
    public long Value { get; private set; }

    /// <summary>Adds <paramref name="by"/> to the count. Allocation-free.</summary>
    /// <param name="by">Increment; ≥ 0, default 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    /// <exception cref="OverflowException">The count would exceed <see cref="long.MaxValue"/>.</exception>
    public void Increment(long by = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(by);
        Value = checked(Value + by);
    }

    /// <summary>The count divided by an elapsed time: events per second.</summary>
    /// <param name="elapsedSeconds">Length of the observation window in seconds; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elapsedSeconds"/> is ≤ 0, NaN or infinite.</exception>
    public double RatePerSecond(double elapsedSeconds)
    {
        if (!(elapsedSeconds > 0.0) || double.IsPositiveInfinity(elapsedSeconds))
            throw new ArgumentOutOfRangeException(nameof(elapsedSeconds), elapsedSeconds, "The elapsed time must be a finite number of seconds > 0.");
        return Value / elapsedSeconds;
    }

    /// <summary>Sets the count back to 0 (e.g. at the end of warm-up).</summary>
    public void Reset() => Value = 0;
}
